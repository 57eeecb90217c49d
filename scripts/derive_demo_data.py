"""Derive Banshi's shipped demo catalogue from the shared exchange JSON.

Usage: python scripts/derive_demo_data.py SOURCE.json cms/demo/catalogue.json

The output uses the project's own codes (catalogue.constants) so that
``manage.py load_demo`` needs no knowledge of the source format.  Re-run it
only when the source data changes; the output is committed.
"""

import json
import re
import sys

UNITS = {"工作日": "working_day", "自然日": "natural_day", "个月": "month"}
HANDLING = {"即办件": "1", "承诺件": "2"}
REVIEW = {"即审即办": "immediate", "前审后批": "prior_review"}
DEPTH = {"Ⅰ": "1", "Ⅱ": "2", "Ⅲ": "3", "Ⅳ": "4"}
STAGES = {
    "互联网咨询": "1",
    "互联网收件": "2",
    "互联网预审": "3",
    "互联网受理": "4",
    "互联网办理": "5",
    "互联网办理结果信息反馈": "6",
    "互联网电子证照反馈": "7",
}
CHANNELS = {
    "网上办": ["web"],
    "掌上办": ["mobile"],
    "窗口办": ["window"],
    "预约办": ["appointment"],
    "邮递办": ["express_in", "express_out"],
    "自助办": ["self_service"],
    "帮办代办": ["agent"],
}
TONGBAN = {
    "不通办": "none",
    "全市通办": "city",
    "全省通办": "province",
    "跨省通办": "cross_province",
    "全国通办": "national",
}
RESULT = {
    "出证办结": "certificate",
    "出文办结": "document",
    "审批办结": "approval",
    "其他": "other",
}
SOURCE = {"申请人自备": "10", "政府部门核发": "20", "其他": "99"}
WAIVE = {"电子证照": "e_licence", "数据共享": "data_sharing"}
# Departments whose items citizens ask for most often in portal statistics.
POPULAR_CATEGORIES = (
    "公安",
    "人力资源和社会保障",
    "医疗保障",
    "住房公积金",
    "民政",
    "不动产登记",
    "卫生健康",
    "市场监督管理",
)


def limit(value):
    if not value:
        return None, "", ""
    note = value.get("note") or ""
    return value["value"], UNITS[value["unit"]], "" if note == "即办" else note


def material(source):
    electronic = source["form"] == "电子"
    return {
        "name": source["name"],
        "required": source["required"],
        "form": "1"
        if electronic
        else {"原件": "1", "复印件": "2", "原件和复印件": "3"}[source["form"]],
        "medium": "2" if electronic else "1",
        "copies": source["copies"],
        "source": SOURCE[source["source"]],
        "waivable": source["waivable"],
        "waive_via": WAIVE.get(source["waive_via"] or "", ""),
        "rongque_allowed": source["rongque_allowed"],
        "note": source.get("note") or "",
    }


def item(source):
    legal_value, legal_unit, legal_note = limit(source["legal_time_limit"])
    promised_value, promised_unit, promised_note = limit(source["promised_time_limit"])
    theme = source["theme"]
    topics = []
    if theme["natural_person_code"]:
        topics.append(["natural_person", theme["natural_person_code"]])
    if theme["legal_person_code"]:
        topics.append(["legal_person", theme["legal_person_code"]])
    channels = [code for name in source["channels"] for code in CHANNELS[name]]
    return {
        "implementation_code": source["code"],
        "catalogue_code": source["catalog_code"],
        "name": source["name"],
        "aliases": source["aliases"],
        "item_type": source["item_type_code"],
        "audience": source["audience_codes"],
        "exercise_level": source["exercise_level_code"],
        "region_code": source["region"]["code"],
        "department_name": source["department"],
        "handling_office": source["handling_office"] or "",
        "topics": topics,
        "life_events": [source["life_event"]] if source["life_event"] else [],
        "bundles": [source["one_thing"]] if source["one_thing"] else [],
        "handling_type": HANDLING[source["handling_type"]],
        "review_type": REVIEW[source["review_type"]],
        "legal_limit_value": legal_value,
        "legal_limit_unit": legal_unit,
        "legal_limit_note": source["legal_time_limit_note"] or legal_note,
        "promised_limit_value": promised_value,
        "promised_limit_unit": promised_unit,
        "promised_limit_note": promised_note,
        "visits": source["visits"],
        "must_visit_reason": source["must_visit_reason"] or "",
        "is_online": source["is_online"],
        "online_depth": DEPTH[source["online_depth"]["level"]],
        "online_stages": [STAGES[s] for s in source["online_depth"]["stages"]],
        "channels": channels,
        "tongban_scope": TONGBAN[source["tongban_scope"]],
        "is_charged": source["fee"]["charged"],
        "supports_online_payment": source["fee"]["online_payment"],
        "fees": [
            {
                "name": f["name"],
                "standard": f["standard"],
                "basis": f.get("basis") or "",
            }
            for f in source["fee"].get("items") or []
        ],
        "legal_basis": source["legal_basis"] or "",
        "accept_conditions": source["accept_conditions"] or "",
        "result_name": source["result"]["name"] or "",
        "result_type": RESULT[source["result"]["type"]],
        "address": source["address"] or "",
        "office_hours": source["office_hours"] or "",
        "consult_phone": source["consult_phone"] or "",
        "complaint_phone": source["complaint_phone"] or "",
        "faqs": [{"question": f["q"], "answer": f["a"]} for f in source["faq"]],
        "materials": [material(m) for m in source["materials"]],
    }


def short_name(department, regions):
    name = department["name"]
    for region in regions:
        if name.startswith(region["name"]):
            return name[len(region["name"]) :]
    return name


def slug(text):
    return re.sub(r"\s+", "-", text.strip())


def popular_items(items, region_code, by_category, count=10):
    """One item per popular category in turn, so the list is varied."""
    queues = {
        category: [
            i["implementation_code"]
            for i in items
            if i["region_code"] == region_code
            and by_category[i["department_name"]] == category
        ]
        for category in POPULAR_CATEGORIES
    }
    picks = []
    while len(picks) < count and any(queues.values()):
        for category in POPULAR_CATEGORIES:
            if queues[category] and len(picks) < count:
                picks.append(queues[category].pop(0))
    return picks


def derive(source):
    enums = source["enumerations"]
    regions = [
        {
            "code": r["code"],
            "name": r["name"],
            "level": r["level_code"],
            "parent": r["parent_code"],
            "slug": r["code_prefix"].lower(),
        }
        for r in source["regions"]
    ]
    departments = [
        {
            "name": d["name"],
            "short_name": short_name(d, source["regions"]),
            "category": d["type"],
            "region_code": d["region_code"],
        }
        for d in source["departments"]
    ]
    topics = [
        {"audience_group": group, "code": code, "name": name}
        for group, key in (
            ("natural_person", "natural_person_theme"),
            ("legal_person", "legal_person_theme"),
        )
        for code, name in enums[key].items()
    ]
    life_events = [
        {"audience_group": group, "name": name, "slug": slug(name), "sort_order": i}
        for group, key in (
            ("natural_person", "life_event_personal"),
            ("legal_person", "life_event_corporate"),
        )
        for i, name in enumerate(enums[key])
    ]
    items = [item(i) for i in source["items"]]
    bundles = sorted({b for i in items for b in i["bundles"]})
    by_category = {d["name"]: d["type"] for d in source["departments"]}
    high_frequency = {
        region["code"]: popular_items(items, region["code"], by_category)
        for region in regions
    }
    return {
        "note": "Fictional demo data derived from the shared demo catalogue; not any government's record.",
        "regions": regions,
        "departments": departments,
        "topics": topics,
        "life_events": life_events,
        "bundles": [{"name": b, "slug": slug(b)} for b in bundles],
        "high_frequency": high_frequency,
        "items": items,
    }


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        source = json.load(handle)
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump(derive(source), handle, ensure_ascii=False, indent=1)
        handle.write("\n")
