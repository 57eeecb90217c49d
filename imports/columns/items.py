"""The columns of an item sheet (事项清单), in the canonical export order.

Columns without ``write`` are read on import only; the canonical layout
(``catalogue-clean.xlsx``) does not carry them.
"""

from __future__ import annotations

from .. import export_format as fmt
from .. import parsers as p
from .base import (
    Column,
    boolean,
    checked,
    choice,
    choices,
    count,
    field,
    name,
    names,
    text,
    time_limit,
)


def _labels(table: str):
    return lambda: tuple(fmt.choice_labels(table).values())


def _label(key: str, table: str | None = None):
    return lambda d, ctx: fmt.label_of(table or key, d[key])


def _yes_no(key: str):
    return lambda d, ctx: fmt.yes_no(d[key])


YES_NO = lambda: (fmt.YES, fmt.NO)  # noqa: E731 - a drop-down's values, read lazily


def _flag(flag: str, synonyms: tuple[str, ...], label: str) -> Column:
    """A yes/no column that stands for channels (预约办理 → appointment)."""
    codes = dict(fmt.CHANNEL_FLAGS)[flag]
    return Column(
        flag,
        label,
        boolean(f"_flag:{flag}"),
        synonyms,
        write=lambda d, ctx: fmt.yes_no(all(c in d["channels"] for c in codes)),
        choices=YES_NO,
        keys=("channels",),
    )


def _online_url(cell: str) -> dict:
    return {"online_url": p.parse_url(cell)}


ITEM_COLUMNS: tuple[Column, ...] = (
    Column(
        "implementation_code",
        "实施编码",
        checked("implementation_code", p.parse_implementation_code),
        (
            "内部编码",
            "内部编码/实施编码",
            "权力内部编码",
            "实施清单编码",
            "事项实施编码",
            "实施码",
            "业务办理项编码",
        ),
        write=field("implementation_code"),
        required=True,
        width=14,
    ),
    Column(
        "catalogue_code",
        "基本编码",
        checked("catalogue_code", p.parse_catalogue_code),
        ("事项编码", "业务编码", "事项代码", "权力基本码", "基本目录编码", "目录编码"),
        write=field("catalogue_code"),
        width=12,
    ),
    Column(
        "name",
        "事项名称",
        name("name"),
        ("权力名称", "服务事项名称", "实施清单名称", "事项名称(实施清单)"),
        write=field("name"),
        required=True,
        width=40,
    ),
    Column(
        "aliases",
        "别名",
        lambda cell: {"aliases": [p.parse_text(a) for a in p.parse_list(cell)]},
        ("俗称", "别名/俗称", "通俗名称"),
        write=lambda d, ctx: fmt.joined(d["aliases"]),
        multiple=True,
        width=30,
    ),
    Column(
        "region_code",
        "区划代码",
        lambda cell: {"region_code": p.parse_region_code(cell)},
        ("行政区划代码", "区划编码", "行政区划编码"),
        write=field("region_code"),
        required=True,
    ),
    Column(
        "region_name",
        "区划名称",
        name("_region_name", "region", "name"),
        ("行政区划", "行政区划名称", "所属区划"),
        write=lambda d, ctx: ctx.region_name,
        keys=(),
    ),
    Column(
        "department_name",
        "实施主体",
        name("department_name", "department", "name"),
        (
            "审批部门",
            "实施机构",
            "办理部门",
            "受理机构",
            "部门名称",
            "实施部门",
            "主管部门",
            "主管部门(实施主体)",
            "办理主体",
            "实施主体名称",
        ),
        write=field("department_name"),
        required=True,
        width=24,
    ),
    Column(
        "item_type",
        "事项类型",
        choice("item_type"),
        ("权力类别", "事项性质", "权力类型", "职权类型"),
        write=_label("item_type"),
        required=True,
        choices=_labels("item_type"),
    ),
    Column(
        "audience",
        "服务对象",
        choices("audience"),
        ("审批对象", "办理对象", "申报对象", "服务对象及领域"),
        write=lambda d, ctx: fmt.joined(
            fmt.label_of("audience", a) for a in d["audience"]
        ),
        choices=_labels("audience"),
        multiple=True,
        unordered=True,
    ),
    Column(
        "natural_person_topics",
        "自然人主题分类",
        lambda cell: {"_topics_natural": p.parse_topics(cell, "natural_person")},
        ("面向自然人事项主题分类", "个人主题分类"),
        write=lambda d, ctx: fmt.topic_labels(d["topics"], "natural_person"),
        choices=_labels("topics:natural_person"),
        multiple=True,
        unordered=True,
        keys=("topics",),
    ),
    Column(
        "legal_person_topics",
        "法人主题分类",
        lambda cell: {"_topics_legal": p.parse_topics(cell, "legal_person")},
        ("面向法人事项主题分类", "法人主题"),
        write=lambda d, ctx: fmt.topic_labels(d["topics"], "legal_person"),
        choices=_labels("topics:legal_person"),
        multiple=True,
        unordered=True,
        keys=("topics",),
    ),
    Column(
        "exercise_level",
        "行使层级",
        choice("exercise_level"),
        ("层级", "行使层级(层级)"),
        write=_label("exercise_level"),
        required=True,
        choices=_labels("exercise_level"),
    ),
    Column(
        "handling_type",
        "办件类型",
        choice("handling_type"),
        ("办理类型", "事项类别"),
        write=_label("handling_type"),
        required=True,
        choices=_labels("handling_type"),
        # The review type follows the handling type unless its own column is given.
        keys=("handling_type", "review_type"),
    ),
    Column(
        "is_online",
        "是否网办",
        boolean("is_online"),
        ("是否可以在线申报", "是否网上办理"),
        write=_yes_no("is_online"),
        choices=YES_NO,
    ),
    Column(
        "online_depth",
        "网上办理深度",
        lambda cell: {"online_depth": p.parse_depth(cell)},
        ("网办深度", "网上服务深度"),
        write=lambda d, ctx: fmt.DEPTH_LABELS.get(d["online_depth"], ""),
        choices=lambda: tuple(fmt.DEPTH_LABELS.values()),
    ),
    Column(
        "visits",
        "到办事现场次数",
        count("visits", "item", 0),
        (
            "到现场次数",
            "到办理现场次数",
            "到现场窗口次数",
            "到现场办理的次数",
            "线下跑动次数",
            "跑动次数",
        ),
        write=field("visits"),
    ),
    Column(
        "must_visit_reason",
        "必须现场办理原因说明",
        text("must_visit_reason"),
        ("必须现场办理原因",),
        write=field("must_visit_reason"),
    ),
    Column(
        "legal_limit",
        "法定办结时限",
        time_limit("legal"),
        ("法定办理时限", "法定时限", "法定期限"),
        write=lambda d, ctx: fmt.time_limit(
            d["legal_limit_value"], d["legal_limit_unit"]
        ),
        keys=("legal_limit_value", "legal_limit_unit"),
    ),
    Column(
        "promised_limit",
        "承诺办结时限",
        time_limit("promised"),
        ("承诺办理时限", "承诺时限", "承诺期限"),
        write=lambda d, ctx: fmt.promised_limit(
            d["promised_limit_value"], d["promised_limit_unit"]
        ),
        keys=("promised_limit_value", "promised_limit_unit"),
    ),
    Column(
        "is_charged",
        "是否收费",
        boolean("is_charged"),
        ("许可收费", "审批收费", "收费情况"),
        write=_yes_no("is_charged"),
        choices=YES_NO,
    ),
    Column(
        "fees",
        "收费标准",
        lambda cell: {"fees": p.parse_fees(cell)},
        ("收费项目", "收费内容", "收费标准与依据", "收费项目及标准"),
        write=lambda d, ctx: fmt.fees_text(d["fees"]),
    ),
    Column(
        "supports_online_payment",
        "是否支持网上支付",
        boolean("supports_online_payment"),
        ("网上支付", "支持网上支付"),
        write=_yes_no("supports_online_payment"),
        choices=YES_NO,
    ),
    Column(
        "legal_basis",
        "设定依据",
        text("legal_basis"),
        ("法律依据", "实施依据", "设立依据", "行使依据"),
        write=field("legal_basis"),
        width=40,
    ),
    Column(
        "accept_conditions",
        "受理条件",
        text("accept_conditions"),
        ("申请条件", "办理条件"),
        write=field("accept_conditions"),
        width=40,
    ),
    Column(
        "address",
        "办理地点",
        text("address"),
        ("办公地点", "受理地点"),
        write=field("address"),
        width=30,
    ),
    Column(
        "office_hours",
        "办理时间",
        text("office_hours"),
        ("办公时间", "受理时间"),
        write=field("office_hours"),
    ),
    Column(
        "consult_phone",
        "咨询电话",
        checked("consult_phone", p.parse_phone),
        ("咨询方式", "联系电话", "咨询联系电话"),
        write=field("consult_phone"),
    ),
    Column(
        "complaint_phone",
        "投诉电话",
        checked("complaint_phone", p.parse_phone),
        (
            "监督投诉方式",
            "监督方式",
            "投诉监督电话",
            "监督电话",
            "监督和投诉电话",
            "监督投诉渠道",
        ),
        write=field("complaint_phone"),
    ),
    Column(
        "tongban_scope",
        "通办范围",
        choice("tongban_scope"),
        ("是否通办", "通办范围(全国/跨省/全省/全市)"),
        write=_label("tongban_scope"),
        choices=_labels("tongban_scope"),
    ),
    _flag(
        "supports_appointment",
        ("支持预约办理", "是否支持网上预约办理", "预约办理"),
        "是否支持预约办理",
    ),
    _flag(
        "supports_express",
        ("支持物流快递", "是否支持结果快递", "是否物流", "物流快递"),
        "是否支持物流快递",
    ),
    _flag(
        "supports_self_service",
        ("是否支持自助终端办理", "自助终端"),
        "是否支持自助终端",
    ),
    _flag("supports_agent", ("是否可代办", "全程代办", "代办"), "是否支持代办"),
    Column(
        "result_name",
        "审批结果名称",
        name("result_name"),
        ("结果名称", "办理结果名称"),
        write=field("result_name"),
    ),
    Column(
        "result_type",
        "审批结果类型",
        choice("result_type"),
        ("结果类型", "办理结果类型"),
        write=_label("result_type"),
        choices=_labels("result_type"),
    ),
    Column(
        "bundles",
        "一件事",
        names("bundles", "bundle"),
        ("一件事一次办", "所属一件事"),
        write=lambda d, ctx: fmt.joined(d["bundles"]),
        multiple=True,
        unordered=True,
    ),
    Column(
        "channels",
        "渠道",
        choices("channels"),
        ("办理渠道",),
        write=lambda d, ctx: fmt.channel_labels(d["channels"]),
        choices=_labels("channels"),
        multiple=True,
        unordered=True,
    ),
    Column(
        "life_events",
        "生命周期/事件",
        names("life_events", "life_event"),
        ("人生事件", "生命周期", "场景"),
        write=lambda d, ctx: fmt.joined(d["life_events"]),
        multiple=True,
        unordered=True,
    ),
    # --- read on import only -------------------------------------------------
    Column(
        "topics",
        "主题分类",
        lambda cell: {"_topics_any": p.parse_text(cell)},
        ("事项分类", "办事主题", "服务主题分类", "面向法人/自然人事项主题分类"),
        multiple=True,
        unordered=True,
        keys=("topics",),
    ),
    Column("review_type", "审查类型", choice("review_type"), ("事项审查类型",)),
    Column(
        "online_url",
        "网办地址",
        _online_url,
        ("PC在线办理跳转地址", "在线办理地址", "网上办理地址", "在线办理链接"),
    ),
    Column(
        "online_stages",
        "网上办理环节",
        lambda cell: {"online_stages": p.parse_stages(cell)},
        ("网上办理深度(环节)", "互联网办理环节", "网办环节"),
        multiple=True,
        unordered=True,
    ),
    Column(
        "variant",
        "情形",
        choice("variant"),
        ("业务办理项情形", "办理情形", "办理项类型", "申请类型"),
    ),
)
