"""Plain search documents for backend tests (no catalogue models needed)."""

from dataclasses import dataclass

from search.tasks import IndexedDocument


@dataclass(frozen=True)
class HiddenDocument(IndexedDocument):
    """A document its source marks as not public (draft, cancelled)."""

    public: bool = False


def make_document(code, title, *, region="990100", region_name="海川市", **extra):
    facets = {
        "region": (region,),
        "department": (extra.pop("department", "公安局"),),
        "topic": tuple(extra.pop("topics", ("证件办理",))),
        "audience": ("natural_person",),
        "online_depth": ("3",),
        "channel": tuple(extra.pop("channels", ("appointment",))),
    }
    return IndexedDocument(
        doc_id=f"item:{code}",
        kind=extra.pop("kind", "item"),
        code=code,
        title=title,
        url=f"/items/{code}/",
        region_code=region,
        region_name=region_name,
        facets=facets,
        **extra,
    )


DOCUMENTS = [
    make_document(
        "HC-1",
        "居民身份证换领（有效期满换领）",
        aliases=("身份证到期", "换身份证"),
        keywords=("证件办理", "公安局"),
        body="居民户口簿\n本人近期照片",
        summary="身份证有效期满前三个月内申请换领。",
    ),
    make_document(
        "QH-1",
        "居民身份证换领（有效期满换领）",
        region="990200",
        region_name="青禾市",
        aliases=("身份证到期",),
    ),
    make_document(
        "HC-2",
        "住房公积金提取（购买自住住房）",
        aliases=("买房取公积金",),
        department="公积金中心",
        topics=("住房保障",),
        channels=("express_in",),
    ),
    make_document(
        "HC-3",
        "内地居民离婚登记",
        aliases=("协议离婚",),
        department="民政局",
        topics=("婚姻登记",),
    ),
    make_document(
        "HC-4",
        "往来港澳通行证及签注签发",
        aliases=("港澳通行证",),
        topics=("出境入境",),
    ),
    make_document(
        "HC-5",
        "机动车驾驶证期满换证",
        aliases=("换驾照",),
        topics=("交通出行",),
        boost=1.5,
    ),
    make_document(
        "HC-6",
        "社会保障卡申领",
        aliases=("办社保卡",),
        department="人社局",
        topics=("社会保障",),
    ),
    make_document("GD-1", "公积金提取办事指南", kind="guide", topics=("住房保障",)),
]
