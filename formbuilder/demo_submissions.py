"""Demo applications for the staff inbox, submitted like a citizen would.

``load_demo_submissions(plan)`` fills each form as used by a service item
(through the site's context provider, so 免提交, 告知承诺 and 容缺 apply),
uploads a small PDF for each required file, and submits through
``processing.submit``: the same checks, history and owed materials as a
real application.  One application per (form, item, applicant) is made;
a second run finds it and adds nothing.  All names, numbers and addresses
are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from . import processing
from .constants import FieldType
from .models import FormDefinition, Submission
from .validators import id_check_char, uscc_check_char

# A minimal PDF: enough for the content check, readable by any viewer.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
DEMO_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
DEMO_ADDRESS = {
    "province_code": "350000",
    "province": "福建省",
    "city_code": "350100",
    "city": "福州市",
    "district_code": "350102",
    "district": "鼓楼区",
    "detail": "演示路1号",
}


@dataclass(frozen=True)
class Applicant:
    name: str
    birth: str  # YYYYMMDD
    serial: str  # 3 digits of the ID number
    phone: str
    company: str = ""

    @property
    def id_number(self) -> str:
        first17 = "110105" + self.birth + self.serial
        return first17 + id_check_char(first17)

    @property
    def credit_code(self) -> str:
        first17 = "91350100MA" + self.phone[-7:]
        return first17 + uscc_check_char(first17)


APPLICANTS = [
    Applicant("林晓雯", "19900312", "021", "13800001001"),
    Applicant("陈志远", "19851120", "013", "13800001002"),
    Applicant("黄思琪", "19970705", "046", "13800001003"),
    Applicant("郑海东", "19780228", "035", "13800001004", "海川演示餐饮有限公司"),
    Applicant("吴佳怡", "19921018", "062", "13800001005"),
]


@dataclass(frozen=True)
class DemoApplication:
    slug: str
    subject_code: str
    applicant: int  # index into APPLICANTS
    days_ago: int = 0
    # Leave 容缺 materials out (owed after acceptance, with the promise ticked).
    leave_owed: bool = False


def load_demo_submissions(plan) -> list[Submission]:
    made = []
    for application in plan:
        definition = FormDefinition.objects.filter(
            slug=application.slug, live_version__isnull=False
        ).first()
        if definition is None:
            continue
        person = APPLICANTS[application.applicant]
        existing = Submission.objects.filter(
            definition=definition,
            subject_code=application.subject_code,
            phone_last4=person.phone[-4:],
        )
        if existing.exists():
            continue
        made.append(_submit(definition, application, person))
    return made


def _submit(definition, application, person) -> Submission:
    version = definition.live_version
    context = processing.form_context(definition, application.subject_code)
    schema, ui_schema = processing.adjusted_pair(version, context)
    answers = {}
    for step in ui_schema["steps"]:
        for key in step["fields"]:
            value = _value(key, ui_schema["fields"][key], schema, answers, person)
            if value is None:
                continue
            if value is _UPLOAD:
                if application.leave_owed and ui_schema["fields"][key].get("owed"):
                    continue
                value = [_upload(version, key, ui_schema["fields"][key]).token]
            answers[key] = value
    submission = processing.submit(version=version, answers=answers, context=context)
    if application.days_ago:
        Submission.objects.filter(pk=submission.pk).update(
            submitted_at=timezone.now() - timedelta(days=application.days_ago)
        )
    return submission


_UPLOAD = object()


def _visible(entry, answers) -> bool:
    condition = entry.get("visible_if") or {}
    if not condition.get("field"):
        return True
    given = answers.get(condition["field"])
    given = given if isinstance(given, list) else [given]
    return condition.get("value") in given


def _value(key, entry, schema, answers, person):
    if entry.get("widget") in ("note", "waived") or not _visible(entry, answers):
        return None
    prop = schema.get("properties", {}).get(key, {})
    kind = entry.get("type")
    if kind == FieldType.FILE:
        return _UPLOAD if entry.get("required") or entry.get("owed") else None
    if kind == FieldType.GROUP:
        subs = entry.get("fields", [])
        row = {s["key"]: _simple(s, {}, person) for s in subs}
        return [{k: v for k, v in row.items() if v is not None}]
    return _simple(entry, prop, person)


def _simple(entry, prop, person):
    kind, label = entry.get("type"), entry.get("label", "")
    choices = [c["value"] for c in entry.get("choices", [])]
    by_type = {
        FieldType.ID_NUMBER: person.id_number,
        FieldType.MOBILE: person.phone,
        FieldType.CREDIT_CODE: person.credit_code,
        FieldType.ADDRESS: dict(DEMO_ADDRESS),
        FieldType.DATE: "2026-01-15",
        FieldType.SINGLE_CHOICE: choices[0] if choices else None,
        FieldType.MULTIPLE_CHOICE: choices[:1] or None,
        FieldType.EMAIL: None,
        "commitment": True,
    }
    if kind in by_type:
        return by_type[kind]
    if kind == FieldType.NUMBER:
        return max(prop.get("minimum", 1), 60)
    if kind in (FieldType.SHORT_TEXT, FieldType.LONG_TEXT):
        return _text(label, prop, person)
    return None


def _text(label, prop, person):
    if "名称" in label and person.company:
        text = person.company
    elif any(word in label for word in ("姓名", "联系人", "负责人", "代表人")):
        text = person.name
    else:
        text = f"{label}：演示申请，所填情况属实，请审核。"
    least, most = prop.get("minLength", 0), prop.get("maxLength", 200)
    text = text.ljust(least, "。")
    return text[:most]


def _upload(version, key, entry):
    kinds = entry.get("accept") or ["pdf"]
    content, name = (DEMO_PDF, "demo.pdf") if "pdf" in kinds else (DEMO_PNG, "demo.png")
    return processing.store_upload(
        version=version,
        field_key=key,
        uploaded=SimpleUploadedFile(name, content),
        accept=entry.get("accept"),
        max_size_mb=entry.get("max_size_mb"),
    )
