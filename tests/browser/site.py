"""A small but complete public site for the browser suite.

Home page with high-frequency items and a zone, an item guide with materials,
halls (one paused), a guide page, a video page and, when the form builder's
wizard is available, a one-step form.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from catalogue import services as catalogue_services
from cms.models import PortalSettings
from tests.catalogue.factories import (
    DepartmentFactory,
    FAQFactory,
    MaterialFactory,
    RegionFactory,
    ServiceItemFactory,
)
from tests.catalogue.test_guide_pages import make_site
from tests.cms.factories import add_guide_page, add_video_page, add_zone, make_image

ITEM_CODE = "TS-BR-0001"
FORM_SLUG = "browser-form"


@dataclass
class BrowserSite:
    urls: dict[str, str]
    form_skip_reason: str = ""


def build_site() -> BrowserSite:
    home, _index, site = make_site()
    region = RegionFactory(code="960100", name="海川市")
    PortalSettings.objects.update_or_create(
        site=site, defaults={"default_region_code": region.code, "hotline": "12345"}
    )
    department = DepartmentFactory(region=region, name="海川市公安局")
    items = [
        ServiceItemFactory(
            implementation_code=f"TS-BR-{n:04d}",
            name=name,
            department=department,
            region=region,
            is_high_frequency=True,
            address="海川市民中心",
            office_hours="周一至周五 9:00-17:00",
        )
        for n, name in enumerate(
            [
                "居民身份证申领（首次申领）",
                "居民身份证换领",
                "失业保险金申领",
                "住房公积金提取",
            ],
            start=1,
        )
    ]
    item = items[0]
    for name in ("居民户口簿", "近期正面免冠彩色照片"):
        MaterialFactory(item=item, name=name)
    FAQFactory(item=item)
    catalogue_services.upsert_halls(
        [
            {
                "region_code": region.code,
                "name": "海川市民中心",
                "address": "人民路1号",
                "phone": "0571-12345",
                "items": [ITEM_CODE],
            },
            {
                "region_code": region.code,
                "name": "东区分中心",
                "address": "东路9号",
                "status": "paused",
                "status_reason": "大厅改造",
                "items": [ITEM_CODE],
            },
        ]
    )
    video = add_video_page(
        home,
        slug="video",
        title="视频教程：拍摄户口簿",
        items=[item],
        poster=make_image(),
    )
    guide = add_guide_page(
        home,
        slug="guide",
        title="图解：第一次办理居民身份证",
        items=[item],
        body=[
            ("text", "<p>首次申领需要本人到场。</p>"),
            (
                "steps",
                [
                    {"title": "准备材料", "body": "<p>户口簿</p>", "image": None},
                    {"title": "现场采集", "body": "<p>采集指纹</p>", "image": None},
                ],
            ),
            ("callout", {"kind": "warning", "title": "注意", "body": "<p>带原件</p>"}),
            (
                "table",
                {
                    "table_caption": "费用",
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "data": [["项目", "标准"], ["工本费", "20元"]],
                },
            ),
            ("video", {"video": video}),
            ("item", {"item": item, "label": ""}),
        ],
    )
    add_zone(
        home,
        title="证件办理专区",
        ends_at=timezone.now() + datetime.timedelta(days=7),
        entries=[("item", {"item": item, "label": ""}), ("guide", {"page": guide})],
    )
    urls = {
        "home": "/",
        "search": "/search/?q=身份证",
        "item": f"/items/{ITEM_CODE}/",
        "guide": guide.url,
        "video": video.url,
    }
    reason = _build_form()
    if not reason:
        urls["form"] = f"/forms/{FORM_SLUG}/"
    return BrowserSite(urls=urls, form_skip_reason=reason)


def _build_form() -> str:
    """A published one-step form; the reason it could not be built otherwise."""
    try:
        from formbuilder import services as form_services

        form_services.define_form(
            slug=FORM_SLUG,
            title="补领证件申请",
            document={
                "title": "补领证件申请",
                "steps": [
                    {
                        "title": "申请人",
                        "fields": [
                            {"type": "short_text", "label": "姓名", "required": True},
                            {"type": "mobile", "label": "手机号码", "required": True},
                            {
                                "type": "single_choice",
                                "label": "申请类型",
                                "required": True,
                                "choices": [
                                    {"value": "a", "label": "首次申领"},
                                    {"value": "b", "label": "补领"},
                                ],
                            },
                        ],
                    }
                ],
            },
        )
    except Exception as exc:  # noqa: BLE001 - the form builder is still being built
        return f"form wizard unavailable: {exc!r}"
    return ""
