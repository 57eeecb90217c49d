"""A run's plan (counts on the run, changes on its row outcomes) in the words the pages show."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..export_format import code_table_names, label_of
from ..headers import labels

# Exchange keys that are not a column of their own → the column they come from.
KEY_COLUMNS = {
    "legal_limit_value": "legal_limit",
    "legal_limit_unit": "legal_limit",
    "promised_limit_value": "promised_limit",
    "promised_limit_unit": "promised_limit",
    "review_type": "review_type",
}


def field_label(name: str, kind: str = "items") -> str:
    """The canonical header of an exchange key (the key itself if it has none)."""
    names = labels(kind)
    return names.get(KEY_COLUMNS.get(name, name)) or names.get(name) or name


# Exchange keys whose code list has another name in the workbook's code tables.
CODE_TABLES = {
    "source": "material_source",
    "legal_limit_unit": "time_unit",
    "promised_limit_unit": "time_unit",
}


def _code_table(name: str) -> str | None:
    table = CODE_TABLES.get(name, name)
    return table if table in code_table_names() else None


def format_value(value, name: str = "") -> str:
    """A plan value as short text: codes as their labels (never the raw
    ``commitment``), lists joined with 、, booleans as yes/no."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return "：".join(str(v) for v in value.values() if v not in ("", None))
    if isinstance(value, list | tuple):
        return "、".join(format_value(v, name) for v in value)
    table = _code_table(name) if name else None
    if table is not None:
        return label_of(table, value)
    return str(value)


@dataclass
class ChangeRow:
    code: str
    action: str
    sheet: str
    row: int | None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    materials: dict = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        return self.action == "create"


CHANGE_ACTIONS = ("create", "update")


def change_outcomes(run):
    """The row outcomes of a run's new and changed items, in file order."""
    return run.outcomes.filter(action__in=CHANGE_ACTIONS).order_by("pk")


def change_row(outcome) -> ChangeRow:
    """One new or changed item with its field-level before/after."""
    details = outcome.changes or {}
    return ChangeRow(
        code=outcome.item_code,
        action=outcome.action,
        sheet=outcome.sheet,
        row=outcome.row,
        changes=[
            (
                field_label(c["field"]),
                format_value(c.get("before"), c["field"]),
                format_value(c.get("after"), c["field"]),
            )
            for c in details.get("changes", [])
        ],
        materials=_materials(details.get("materials") or {}),
    )


def _materials(summary: dict) -> dict:
    if not summary:
        return {}
    return {
        "added": summary.get("added", []),
        "removed": summary.get("removed", []),
        "changed": [
            {
                "name": c.get("name", ""),
                "changes": [
                    (
                        field_label(x["field"], "materials"),
                        format_value(x.get("before"), x["field"]),
                        format_value(x.get("after"), x["field"]),
                    )
                    for x in c.get("changes", [])
                ],
            }
            for c in summary.get("changed", [])
        ],
    }


# Headings for the other reference data an import creates.
REFERENCE_LABELS = {
    "topics": gettext_lazy("New topics"),
    "life_events": gettext_lazy("New life events"),
    "bundles": gettext_lazy("New 一件事 bundles"),
}


def plan_overview(run) -> dict:
    """Counts and new reference data of a run, for the summary panel."""
    data = run.plan_data or {}
    counts = run.counts or data.get("counts") or {}
    reference = data.get("new_reference") or {}
    return {
        "items": counts.get("items", {}),
        "materials": counts.get("materials", {}),
        "errors": counts.get("errors", 0),
        "warnings": counts.get("warnings", 0),
        "new_regions": reference.get("regions", []),
        "new_departments": reference.get("departments", []),
        "new_other": {
            REFERENCE_LABELS.get(key, key): rows
            for key, rows in reference.items()
            if key not in ("regions", "departments") and rows
        },
    }
