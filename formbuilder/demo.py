"""Demo application forms, built from plain dicts like an editor would.

``load_demo_forms()`` creates or updates and publishes them; it returns the
service item codes each form is meant for, which the site links through
the catalogue (``cms.demo``).  Upload fields name the item's materials.
"""

from __future__ import annotations

from . import services


def _f(kind, label, **extra):
    return {"type": kind, "label": label, **extra}


def _applicant(title="申请人信息"):
    return {
        "title": title,
        "fields": [
            _f("short_text", "姓名", required=True, max_length=30),
            _f(
                "id_number",
                "居民身份证号",
                required=True,
                help_text="18位，末位为X的请输入大写X。",
            ),
            _f(
                "mobile",
                "手机号码",
                required=True,
                help_text="用于接收办理进度短信，查询进度时需要后4位。",
            ),
        ],
    }


def _choices(*labels):
    return [{"value": label, "label": label} for label in labels]


ID_CARD_REISSUE = {
    "title": "居民身份证补领申请",
    "steps": [
        _applicant(),
        {
            "title": "补领信息",
            "fields": [
                _f(
                    "single_choice",
                    "申请类型",
                    required=True,
                    choices=_choices("遗失补领", "损坏换领"),
                ),
                _f(
                    "long_text",
                    "遗失经过",
                    required=True,
                    max_length=500,
                    visible_if={"field": "申请类型", "value": "遗失补领"},
                ),
                _f(
                    "single_choice",
                    "领取方式",
                    required=True,
                    choices=_choices("窗口领取", "邮寄到家"),
                ),
                _f(
                    "address",
                    "邮寄地址",
                    required=True,
                    visible_if={"field": "领取方式", "value": "邮寄到家"},
                ),
            ],
        },
        {
            "title": "上传材料",
            "fields": [
                _f(
                    "note",
                    "提示",
                    note="户口簿信息通过电子证照获取，无需上传。照片请使用白底证件照。",
                ),
                _f(
                    "file",
                    "居民户口簿",
                    required=True,
                    material="居民户口簿",
                    accept=["jpeg", "png", "pdf"],
                ),
                _f(
                    "file",
                    "近期免冠照片",
                    required=True,
                    accept=["jpeg", "png"],
                    material="近期正面免冠彩色照片（或数码照片回执）",
                ),
            ],
        },
    ],
}

NO_CRIMINAL_RECORD = {
    "title": "无犯罪记录证明申请",
    "steps": [
        _applicant(),
        {
            "title": "用途",
            "fields": [
                _f(
                    "single_choice",
                    "证明用途",
                    required=True,
                    choices=_choices("就业", "出国（境）", "收养", "其他"),
                ),
                _f(
                    "short_text",
                    "其他用途说明",
                    required=True,
                    max_length=100,
                    visible_if={"field": "证明用途", "value": "其他"},
                ),
                _f("short_text", "需求单位名称", max_length=100),
            ],
        },
        {
            "title": "上传材料",
            "fields": [
                _f(
                    "file",
                    "申请人居民身份证",
                    required=True,
                    material="申请人居民身份证",
                ),
                _f(
                    "file",
                    "用途说明或需求函",
                    material="用途说明或相关单位出具的需求函",
                    accept=["pdf", "jpeg", "png"],
                ),
            ],
        },
    ],
}

FOOD_LICENCE = {
    "title": "食品经营许可申请",
    "steps": [
        {
            "title": "经营者信息",
            "fields": [
                _f("short_text", "经营者名称", required=True, max_length=100),
                _f("credit_code", "统一社会信用代码", required=True),
                _f("short_text", "法定代表人（负责人）", required=True, max_length=30),
                _f("id_number", "法定代表人身份证号", required=True),
                _f("mobile", "联系电话", required=True),
                _f("email", "电子邮箱"),
            ],
        },
        {
            "title": "经营场所与项目",
            "fields": [
                _f("address", "经营场所", required=True),
                _f(
                    "number",
                    "经营面积（平方米）",
                    required=True,
                    minimum=1,
                    maximum=100000,
                ),
                _f(
                    "multiple_choice",
                    "经营项目",
                    required=True,
                    choices=_choices(
                        "预包装食品销售",
                        "散装食品销售",
                        "热食类食品制售",
                        "冷食类食品制售",
                    ),
                ),
                _f(
                    "group",
                    "食品安全管理人员",
                    required=True,
                    max_items=3,
                    fields=[
                        _f("short_text", "姓名", required=True, max_length=30),
                        _f("id_number", "身份证号", required=True),
                    ],
                ),
            ],
        },
        {
            "title": "上传材料",
            "fields": [
                _f(
                    "file",
                    "食品经营许可申请书",
                    required=True,
                    material="食品经营许可申请书",
                ),
                _f("file", "营业执照", required=True, material="营业执照"),
                _f(
                    "file",
                    "场所平面图和设备布局",
                    required=True,
                    material="与食品经营相适应的经营场所平面图和设备布局、操作流程",
                ),
                _f(
                    "file",
                    "食品安全管理制度目录",
                    required=True,
                    material="食品安全管理制度目录",
                ),
            ],
        },
    ],
}

UNEMPLOYMENT_BENEFIT = {
    "title": "失业保险金申领",
    "steps": [
        _applicant(),
        {
            "title": "失业情况",
            "fields": [
                _f("date", "离职日期", required=True),
                _f("short_text", "原工作单位", required=True, max_length=100),
                _f(
                    "single_choice",
                    "离职原因",
                    required=True,
                    choices=_choices("劳动合同期满", "单位解除", "协商解除", "其他"),
                ),
                _f(
                    "short_text",
                    "社会保障卡银行账号",
                    required=True,
                    pattern="^[0-9]{12,19}$",
                    help_text="12至19位数字。",
                ),
            ],
        },
        {
            "title": "上传材料",
            "fields": [
                _f(
                    "file",
                    "解除或终止劳动关系证明",
                    required=True,
                    material="解除或终止劳动关系证明",
                ),
            ],
        },
    ],
}

DOG_REGISTRATION = {
    "title": "养犬登记申请",
    "steps": [
        _applicant("犬主信息"),
        {
            "title": "犬只信息",
            "fields": [
                _f("address", "养犬地址", required=True),
                _f(
                    "group",
                    "犬只",
                    required=True,
                    max_items=2,
                    fields=[
                        _f("short_text", "犬名", required=True, max_length=20),
                        _f("short_text", "品种", required=True, max_length=30),
                        _f("number", "年龄（岁）", minimum=0, maximum=30, integer=True),
                    ],
                ),
            ],
        },
        {
            "title": "上传材料",
            "fields": [
                _f(
                    "file",
                    "犬只照片",
                    required=True,
                    material="犬只照片",
                    accept=["jpeg", "png"],
                ),
                _f(
                    "file",
                    "狂犬病免疫证明",
                    required=True,
                    material="犬只狂犬病免疫证明",
                ),
            ],
        },
    ],
}

COMMUNITY_REPORT = {
    "title": "社区服务需求信息报送",
    "steps": [
        {
            "title": "报送信息",
            "fields": [
                _f("short_text", "联系人", required=True, max_length=30),
                _f("mobile", "手机号码", required=True),
                _f(
                    "multiple_choice",
                    "需求类别",
                    required=True,
                    choices=_choices("养老服务", "托育服务", "就业帮扶", "法律咨询"),
                ),
                _f(
                    "long_text",
                    "需求描述",
                    required=True,
                    min_length=10,
                    max_length=1000,
                ),
            ],
        },
    ],
}

# A city's own form (not shared): the other city's editors never see it.
SENIOR_MEALS = {
    "title": "老年助餐服务申请",
    "steps": [
        {
            "title": "申请人",
            "fields": [
                _f("short_text", "老人姓名", required=True, max_length=30),
                _f("id_number", "居民身份证号", required=True),
                _f("mobile", "联系电话", required=True),
                _f(
                    "single_choice",
                    "用餐方式",
                    required=True,
                    choices=_choices("助餐点就餐", "送餐上门"),
                ),
                _f("address", "送餐地址"),
            ],
        },
    ],
}

# (slug, document, name of the city that owns it)
CITY_FORMS = [("qinghe-senior-meals", SENIOR_MEALS, "青禾市")]

DEMO_FORMS = [
    ("id-card-reissue", ID_CARD_REISSUE, ["HC-GA-003", "QH-GA-003"]),
    ("no-criminal-record", NO_CRIMINAL_RECORD, ["HC-GA-019", "QH-GA-017"]),
    ("food-business-licence", FOOD_LICENCE, ["HC-SJ-008", "QH-SP-009"]),
    ("unemployment-benefit", UNEMPLOYMENT_BENEFIT, ["HC-RS-001", "QH-RS-001"]),
    ("dog-registration", DOG_REGISTRATION, ["HC-GA-027", "QH-CG-001"]),
    ("community-needs-report", COMMUNITY_REPORT, []),
]

# Applications for the staff inbox: four in 海川市 (one leaving its 容缺
# materials for later), one in 青禾市; see ``demo_submissions``.
DEMO_APPLICATIONS = [
    ("id-card-reissue", "HC-GA-003", 0, 1, False),
    ("id-card-reissue", "HC-GA-003", 1, 3, False),
    ("no-criminal-record", "HC-GA-019", 2, 6, False),
    ("food-business-licence", "HC-SJ-008", 3, 2, True),
    ("id-card-reissue", "QH-GA-003", 4, 1, False),
]


def load_demo_applications():
    """Submit the demo applications (once); the forms must be linked first."""
    from .demo_submissions import DemoApplication, load_demo_submissions

    return load_demo_submissions([DemoApplication(*row) for row in DEMO_APPLICATIONS])


def load_demo_forms(region_code: str = "") -> dict[str, list[str]]:
    """Create/update and publish the demo forms; returns {slug: item codes}."""
    import copy

    links = {}
    for slug, document, codes in DEMO_FORMS:
        services.define_form(
            slug=slug,
            title=document["title"],
            document=copy.deepcopy(document),
            region_code=region_code if not codes else "",
        )
        links[slug] = codes
    return links


def load_city_forms(codes_by_name: dict[str, str]) -> list[str]:
    """Create/update and publish the cities' own forms; returns their slugs."""
    import copy

    slugs = []
    for slug, document, city in CITY_FORMS:
        if city not in codes_by_name:
            continue
        services.define_form(
            slug=slug,
            title=document["title"],
            document=copy.deepcopy(document),
            region_code=codes_by_name[city],
        )
        slugs.append(slug)
    return slugs
