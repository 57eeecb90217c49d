"""Builder documents for the tests (plain data, like editors' blocks produce)."""

import copy

ALL_TYPES = {
    "title": "补领证件申请",
    "steps": [
        {
            "key": "s_basic",
            "title": "申请人",
            "fields": [
                {
                    "key": "f_name",
                    "type": "short_text",
                    "label": "姓名",
                    "required": True,
                    "max_length": 30,
                },
                {
                    "key": "f_intro",
                    "type": "note",
                    "label": "说明",
                    "note": "请如实填写。",
                },
                {
                    "key": "f_idno",
                    "type": "id_number",
                    "label": "居民身份证号",
                    "required": True,
                },
                {
                    "key": "f_phone",
                    "type": "mobile",
                    "label": "手机号码",
                    "required": True,
                },
                {"key": "f_email", "type": "email", "label": "电子邮箱"},
                {"key": "f_birth", "type": "date", "label": "出生日期"},
            ],
        },
        {
            "key": "s_case",
            "title": "申请事项",
            "fields": [
                {
                    "key": "f_kind",
                    "type": "single_choice",
                    "label": "申请类型",
                    "required": True,
                    "choices": [
                        {"value": "首次", "label": "首次申领"},
                        {"value": "补领", "label": "补领"},
                    ],
                },
                {
                    "key": "f_reason",
                    "type": "long_text",
                    "label": "补领原因",
                    "required": True,
                    "min_length": 5,
                    "visible_if": {"field": "f_kind", "value": "补领"},
                },
                {
                    "key": "f_count",
                    "type": "number",
                    "label": "份数",
                    "minimum": 1,
                    "maximum": 5,
                    "integer": True,
                },
                {
                    "key": "f_topics",
                    "type": "multiple_choice",
                    "label": "用途",
                    "choices": [
                        {"value": "a", "label": "就业"},
                        {"value": "b", "label": "就学"},
                    ],
                },
                {
                    "key": "f_code",
                    "type": "credit_code",
                    "label": "单位统一社会信用代码",
                },
                {
                    "key": "f_zip",
                    "type": "short_text",
                    "label": "邮编",
                    "pattern": "^[0-9]{6}$",
                },
                {
                    "key": "f_addr",
                    "type": "address",
                    "label": "送达地址",
                    "required": True,
                },
            ],
        },
        {
            "key": "s_files",
            "title": "材料",
            "fields": [
                {
                    "key": "f_photo",
                    "type": "file",
                    "label": "照片",
                    "required": True,
                    "accept": ["jpeg", "png"],
                    "material": "近期免冠照片",
                },
                {
                    "key": "f_family",
                    "type": "group",
                    "label": "家庭成员",
                    "max_items": 3,
                    "fields": [
                        {
                            "key": "f_fname",
                            "type": "short_text",
                            "label": "成员姓名",
                            "required": True,
                        },
                        {"key": "f_fid", "type": "id_number", "label": "成员身份证号"},
                    ],
                },
            ],
        },
    ],
}

ID_OK = "11010519491231002X"
CODE_OK = "91350100M000100Y43"
TOKEN = "u_" + "ab" * 16

VALID_ANSWERS = {
    "f_name": "张三",
    "f_idno": ID_OK,
    "f_phone": "13812345678",
    "f_kind": "补领",
    "f_reason": "原证件遗失了",
    "f_addr": {
        "province_code": "350000",
        "province": "福建省",
        "city_code": "350100",
        "city": "福州市",
        "district_code": "350102",
        "district": "鼓楼区",
        "detail": "五四路1号",
    },
    "f_photo": [TOKEN],
    "f_family": [{"f_fname": "李四", "f_fid": ID_OK}],
}


def document():
    return copy.deepcopy(ALL_TYPES)


def answers(**changes):
    data = copy.deepcopy(VALID_ANSWERS)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def fifty_field_document():
    fields = []
    kinds = [
        "short_text",
        "id_number",
        "mobile",
        "number",
        "date",
        "email",
        "credit_code",
    ]
    for index in range(50):
        kind = kinds[index % len(kinds)]
        fields.append(
            {
                "key": f"f_{index:02d}",
                "type": kind,
                "label": f"字段{index}",
                "required": True,
            }
        )
    return {"title": "50", "steps": [{"key": "s_1", "title": "一", "fields": fields}]}


def fifty_field_answers():
    values = {
        "short_text": "文本",
        "id_number": ID_OK,
        "mobile": "13812345678",
        "number": 3,
        "date": "2020-01-31",
        "email": "a@example.com",
        "credit_code": CODE_OK,
    }
    doc = fifty_field_document()
    return {f["key"]: values[f["type"]] for f in doc["steps"][0]["fields"]}
