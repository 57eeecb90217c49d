"""The columns of a materials sheet (材料信息), in the canonical export order."""

from __future__ import annotations

from .. import export_format as fmt
from .. import parsers as p
from .base import Column, boolean, checked, choice, count, name, text

YES_NO = lambda: (fmt.YES, fmt.NO)  # noqa: E731 - a drop-down's values, read lazily


def _form(cell: str) -> dict:
    form, medium = p.parse_material_form(cell)
    return {"form": form, "medium": medium}


def _labels(table: str):
    return lambda: tuple(fmt.choice_labels(table).values())


MATERIAL_COLUMNS: tuple[Column, ...] = (
    Column(
        "implementation_code",
        "实施编码",
        checked(
            "_item_code", p.parse_implementation_code, "item", "implementation_code"
        ),
        ("内部编码", "内部编码/实施编码", "权力内部编码", "事项实施编码"),
        write=lambda m, ctx: ctx.item_code,
        required=True,
        keys=(),
        width=14,
    ),
    Column(
        "sequence",
        "序号",
        lambda cell: {"_sequence": p.parse_count(cell)},
        ("材料序号",),
        write=lambda m, ctx: ctx.number,
        keys=(),
    ),
    Column(
        "name",
        "材料名称",
        name("name", "material"),
        ("申请材料名称", "申请材料"),
        write=lambda m, ctx: m["name"],
        required=True,
        width=40,
    ),
    Column(
        "required",
        "材料必要性",
        lambda cell: {"required": p.parse_required(cell)},
        ("是否必要", "必要性", "是否必须", "必要性要求"),
        write=lambda m, ctx: fmt.REQUIRED_LABELS[bool(m["required"])],
        choices=lambda: tuple(fmt.REQUIRED_LABELS.values()),
    ),
    Column(
        "form",
        "材料形式",
        _form,
        ("材料类型", "原件/复印件"),
        write=lambda m, ctx: fmt.material_form(m["form"], m["medium"]),
        choices=_labels("material_form"),
        keys=("form", "medium"),
    ),
    Column(
        "copies",
        "纸质材料份数",
        count("copies", "material", 1),
        ("份数", "材料份数", "原件份数"),
        write=lambda m, ctx: m["copies"],
    ),
    Column(
        "source",
        "来源渠道",
        choice("source", "material_source"),
        ("材料来源", "来源"),
        write=lambda m, ctx: fmt.label_of("material_source", m["source"]),
        choices=_labels("material_source"),
    ),
    Column(
        "waivable",
        "是否可免提交",
        boolean("waivable"),
        ("可免提交", "是否免提交"),
        write=lambda m, ctx: fmt.yes_no(m["waivable"]),
        choices=YES_NO,
    ),
    Column(
        "waive_via",
        "免提交方式",
        choice("waive_via"),
        write=lambda m, ctx: fmt.label_of("waive_via", m["waive_via"]),
        choices=_labels("waive_via"),
    ),
    Column(
        "rongque_allowed",
        "是否容缺",
        boolean("rongque_allowed"),
        ("可容缺", "是否可容缺"),
        write=lambda m, ctx: fmt.yes_no(m["rongque_allowed"]),
        choices=YES_NO,
    ),
    Column(
        "note",
        "备注",
        text("note", "material"),
        ("说明", "填报须知"),
        write=lambda m, ctx: m["note"],
        width=30,
    ),
)
