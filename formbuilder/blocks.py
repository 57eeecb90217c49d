"""StreamField blocks of the form builder: steps holding field blocks.

One block per field type (the block name is the field type key), all
sharing label, key, help text, required and the visibility condition.
``document_from_stream`` / ``stream_from_document`` convert between the
stream and the plain builder document the compiler reads.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from . import conf
from .constants import FieldType
from .schema_checks import pattern_problem

KEY_HELP = _(
    "Created automatically and never changed, so answers stay linked when the label changes."
)


class FieldBlock(blocks.StructBlock):
    label = blocks.TextBlock(label=_("label"), rows=1)
    key = blocks.CharBlock(
        label=_("key"), required=False, max_length=40, help_text=KEY_HELP
    )
    help_text = blocks.TextBlock(label=_("help text"), required=False, rows=2)
    required = blocks.BooleanBlock(label=_("required"), required=False)
    visible_if_field = blocks.CharBlock(
        label=_("show only if field"),
        required=False,
        help_text=_("Key or label of an earlier field."),
    )
    visible_if_value = blocks.CharBlock(label=_("has the answer"), required=False)

    class Meta:
        icon = "form"


class TextFieldBlock(FieldBlock):
    min_length = blocks.IntegerBlock(
        label=_("minimum length"), required=False, min_value=0
    )
    max_length = blocks.IntegerBlock(
        label=_("maximum length"), required=False, min_value=1
    )
    pattern = blocks.CharBlock(label=_("pattern (regular expression)"), required=False)

    def clean(self, value):
        value = super().clean(value)
        reason = value.get("pattern") and pattern_problem(value["pattern"])
        if reason:
            raise StructBlockValidationError(
                block_errors={"pattern": ErrorList([ValidationError(reason)])}
            )
        return value


class NumberFieldBlock(FieldBlock):
    minimum = blocks.FloatBlock(label=_("minimum"), required=False)
    maximum = blocks.FloatBlock(label=_("maximum"), required=False)
    integer = blocks.BooleanBlock(label=_("whole numbers only"), required=False)


class ChoiceBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("value"))
    label = blocks.CharBlock(label=_("label shown"), required=False)


class ChoiceFieldBlock(FieldBlock):
    choices = blocks.ListBlock(ChoiceBlock(), label=_("choices"), min_num=1)


class MultipleChoiceFieldBlock(ChoiceFieldBlock):
    min_items = blocks.IntegerBlock(
        label=_("choose at least"), required=False, min_value=0
    )
    max_items = blocks.IntegerBlock(
        label=_("choose at most"), required=False, min_value=1
    )


def _upload_type_choices():
    return [(kind, kind.upper()) for kind in conf.get("UPLOAD_TYPES")]


class FileFieldBlock(FieldBlock):
    accept = blocks.MultipleChoiceBlock(
        label=_("accepted file types"), choices=_upload_type_choices, required=False
    )
    max_items = blocks.IntegerBlock(
        label=_("most files"), required=False, min_value=1, max_value=20
    )
    material = blocks.CharBlock(
        label=_("material"),
        required=False,
        help_text=_("Name of the service item's material this upload provides."),
    )


class NoteBlock(blocks.StructBlock):
    key = blocks.CharBlock(
        label=_("key"), required=False, max_length=40, help_text=KEY_HELP
    )
    label = blocks.CharBlock(label=_("heading"), required=False)
    note = blocks.TextBlock(label=_("text"))

    class Meta:
        icon = "info-circle"


def simple_field_blocks():
    return [
        (FieldType.SHORT_TEXT.value, TextFieldBlock(label=FieldType.SHORT_TEXT.label)),
        (FieldType.LONG_TEXT.value, TextFieldBlock(label=FieldType.LONG_TEXT.label)),
        (FieldType.NUMBER.value, NumberFieldBlock(label=FieldType.NUMBER.label)),
        (FieldType.DATE.value, FieldBlock(label=FieldType.DATE.label)),
        (
            FieldType.SINGLE_CHOICE.value,
            ChoiceFieldBlock(label=FieldType.SINGLE_CHOICE.label),
        ),
        (
            FieldType.MULTIPLE_CHOICE.value,
            MultipleChoiceFieldBlock(label=FieldType.MULTIPLE_CHOICE.label),
        ),
        (FieldType.ID_NUMBER.value, FieldBlock(label=FieldType.ID_NUMBER.label)),
        (FieldType.MOBILE.value, FieldBlock(label=FieldType.MOBILE.label)),
        (FieldType.EMAIL.value, FieldBlock(label=FieldType.EMAIL.label)),
        (FieldType.CREDIT_CODE.value, FieldBlock(label=FieldType.CREDIT_CODE.label)),
        (FieldType.ADDRESS.value, FieldBlock(label=FieldType.ADDRESS.label)),
    ]


class GroupFieldBlock(FieldBlock):
    min_items = blocks.IntegerBlock(label=_("fewest rows"), required=False, min_value=0)
    max_items = blocks.IntegerBlock(
        label=_("most rows"), required=False, min_value=1, max_value=10
    )
    fields = blocks.StreamBlock(simple_field_blocks(), label=_("fields of each row"))


class StepBlock(blocks.StructBlock):
    key = blocks.CharBlock(
        label=_("key"), required=False, max_length=40, help_text=KEY_HELP
    )
    title = blocks.CharBlock(label=_("step title"))
    fields = blocks.StreamBlock(
        [
            *simple_field_blocks(),
            (FieldType.FILE.value, FileFieldBlock(label=FieldType.FILE.label)),
            (FieldType.GROUP.value, GroupFieldBlock(label=FieldType.GROUP.label)),
            (FieldType.NOTE.value, NoteBlock(label=FieldType.NOTE.label)),
        ],
        label=_("fields"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Step")


class FormBodyBlock(blocks.StreamBlock):
    step = StepBlock()


# --- stream ⇄ builder document ----------------------------------------------

CONDITION_KEYS = ("visible_if_field", "visible_if_value")


def _field_from_block(block_type: str, value) -> dict:
    field = {"type": block_type}
    for name, item in value.items():
        if name in CONDITION_KEYS or item in (None, "", [], False):
            continue
        if name == "choices":
            item = [
                {"value": c["value"], "label": c["label"] or c["value"]} for c in item
            ]
        elif name == "fields":
            item = [_field_from_block(child.block_type, child.value) for child in item]
        elif name == "accept":
            item = list(item)
        field[name] = item
    if value.get("visible_if_field"):
        field["visible_if"] = {
            "field": value["visible_if_field"],
            "value": value.get("visible_if_value", ""),
        }
    return field


def document_from_stream(title: str, stream) -> dict:
    steps = []
    for step in stream:
        steps.append(
            {
                "key": step.value.get("key") or "",
                "title": step.value.get("title", ""),
                "fields": [
                    _field_from_block(child.block_type, child.value)
                    for child in step.value["fields"]
                ],
            }
        )
    return {"title": title, "steps": resolve_condition_labels(steps)}


def resolve_condition_labels(steps: list[dict]) -> list[dict]:
    """Editors may name the condition field by its label; store its key."""
    by_label = {}
    for step in steps:
        for field in step["fields"]:
            by_label.setdefault(field.get("label"), field.get("key"))
            condition = field.get("visible_if")
            if (
                condition
                and condition["field"] in by_label
                and not _is_key(condition["field"], steps)
            ):
                condition["field"] = by_label[condition["field"]] or condition["field"]
    return steps


def _is_key(name, steps):
    return any(f.get("key") == name for s in steps for f in s["fields"])


def _block_from_field(field: dict) -> dict:
    value = {k: v for k, v in field.items() if k not in ("type", "visible_if")}
    condition = field.get("visible_if")
    if condition:
        value["visible_if_field"] = condition.get("field", "")
        value["visible_if_value"] = str(condition.get("value", ""))
    if "fields" in value:
        value["fields"] = [_block_from_field(sub) for sub in value["fields"]]
    return {"type": field["type"], "value": value}


def stream_from_document(document: dict) -> list[dict]:
    """Raw StreamField data for a builder document."""
    return [
        {
            "type": "step",
            "value": {
                "key": step.get("key", ""),
                "title": step.get("title", ""),
                "fields": [
                    _block_from_field(field) for field in step.get("fields", [])
                ],
            },
        }
        for step in document.get("steps", [])
    ]
