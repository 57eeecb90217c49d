"""Stage 3 (per row): one sheet row → a partial item or material dict.

Handlers map a canonical column to the exchange keys it fills; each is a
small function over the cell text, so adding a column is one table entry.
Keys starting with "_" are row context (region name, topic groups, channel
flags) that ``validate`` folds into the final exchange shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import parsers as p
from .headers import SheetMapping
from .issues import ERROR, MISSING_REQUIRED, CellError, Issue, column_letter
from .reader import Row

Handler = Callable[[str], dict]


def _text(key: str, max_length: int | None = None) -> Handler:
    return lambda text: {key: p.parse_text(text, max_length)}


def _name(key: str, max_length: int) -> Handler:
    return lambda text: {key: p.parse_name(text, max_length)}


def _choice(key: str, table: str) -> Handler:
    return lambda text: {key: p.parse_choice(text, table)}


def _bool(key: str) -> Handler:
    return lambda text: {key: p.parse_bool(text)}


def _limit(prefix: str) -> Handler:
    def handle(text: str) -> dict:
        value, unit = p.parse_time_limit(text)
        return {f"{prefix}_limit_value": value, f"{prefix}_limit_unit": unit}

    return handle


def _count(key: str, maximum: int, default: int) -> Handler:
    def handle(text: str) -> dict:
        value = p.parse_count(text, maximum)
        return {key: default if value is None else value}

    return handle


def _material_form(text: str) -> dict:
    form, medium = p.parse_material_form(text)
    return {"form": form, "medium": medium}


ITEM_HANDLERS: dict[str, Handler] = {
    "implementation_code": lambda t: {
        "implementation_code": p.parse_implementation_code(t)
    },
    "catalogue_code": lambda t: {"catalogue_code": p.parse_catalogue_code(t)},
    "name": _name("name", 200),
    # 情形; left empty, the item's case is read from its name.
    "variant": _choice("variant", "variant"),
    "aliases": lambda t: {"aliases": [p.parse_text(a) for a in p.parse_list(t)]},
    "region_code": lambda t: {"region_code": p.parse_region_code(t)},
    "region_name": _name("_region_name", 100),
    "department_name": _name("department_name", 100),
    "item_type": _choice("item_type", "item_type"),
    "audience": lambda t: {"audience": p.parse_choices(t, "audience")},
    "natural_person_topics": lambda t: {
        "_topics_natural": p.parse_topics(t, "natural_person")
    },
    "legal_person_topics": lambda t: {
        "_topics_legal": p.parse_topics(t, "legal_person")
    },
    "topics": _text("_topics_any"),
    "exercise_level": _choice("exercise_level", "exercise_level"),
    "handling_type": _choice("handling_type", "handling_type"),
    "review_type": _choice("review_type", "review_type"),
    "is_online": _bool("is_online"),
    "online_depth": lambda t: {"online_depth": p.parse_depth(t)},
    "online_url": _text("online_url", 200),
    "visits": _count("visits", 9, 0),
    "must_visit_reason": _text("must_visit_reason"),
    "legal_limit": _limit("legal"),
    "promised_limit": _limit("promised"),
    "is_charged": _bool("is_charged"),
    "fees": lambda t: {"fees": p.parse_fees(t)},
    "supports_online_payment": _bool("supports_online_payment"),
    "legal_basis": _text("legal_basis"),
    "accept_conditions": _text("accept_conditions"),
    "address": _text("address"),
    "office_hours": _text("office_hours"),
    "consult_phone": lambda t: {"consult_phone": p.parse_phone(t)},
    "complaint_phone": lambda t: {"complaint_phone": p.parse_phone(t)},
    "tongban_scope": _choice("tongban_scope", "tongban_scope"),
    "supports_appointment": _bool("_flag:supports_appointment"),
    "supports_express": _bool("_flag:supports_express"),
    "supports_self_service": _bool("_flag:supports_self_service"),
    "supports_agent": _bool("_flag:supports_agent"),
    "result_name": _name("result_name", 200),
    "result_type": _choice("result_type", "result_type"),
    "bundles": lambda t: {"bundles": [p.parse_name(b, 100) for b in p.parse_list(t)]},
    "channels": lambda t: {"channels": p.parse_choices(t, "channels")},
    "life_events": lambda t: {
        "life_events": [p.parse_name(e, 100) for e in p.parse_list(t)]
    },
}
ITEM_REQUIRED = frozenset(
    {
        "implementation_code",
        "name",
        "region_code",
        "department_name",
        "item_type",
        "exercise_level",
        "handling_type",
    }
)

MATERIAL_HANDLERS: dict[str, Handler] = {
    "implementation_code": lambda t: {"_item_code": p.parse_implementation_code(t)},
    "sequence": lambda t: {"_sequence": p.parse_count(t)},
    "name": _name("name", 200),
    "required": lambda t: {"required": p.parse_required(t)},
    "form": _material_form,
    "copies": _count("copies", 99, 1),
    "source": _choice("source", "material_source"),
    "waivable": _bool("waivable"),
    "waive_via": _choice("waive_via", "waive_via"),
    "rongque_allowed": _bool("rongque_allowed"),
    "note": _text("note"),
}
MATERIAL_REQUIRED = frozenset({"implementation_code", "name"})
HANDLERS = {
    "items": (ITEM_HANDLERS, ITEM_REQUIRED),
    "materials": (MATERIAL_HANDLERS, MATERIAL_REQUIRED),
}


@dataclass
class ParsedRow:
    sheet: str
    number: int
    data: dict = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # fields with a cell error

    @property
    def has_errors(self) -> bool:
        return any(issue.is_error for issue in self.issues)


def parse_row(row: Row, mapping: SheetMapping) -> ParsedRow:
    """Run the handler of every mapped column; collect one issue per bad cell."""
    handlers, required = HANDLERS[mapping.kind]
    parsed = ParsedRow(mapping.sheet, row.number)
    for field_name, index in mapping.columns.items():
        handler = handlers.get(field_name)
        text = row.cells[index] if index < len(row.cells) else ""
        if handler is None:
            continue
        if field_name in required and not text.strip():
            _fail(
                parsed,
                mapping,
                field_name,
                CellError(MISSING_REQUIRED, _("A value is required.")),
                text,
            )
            continue
        try:
            parsed.data.update(handler(text))
        except CellError as error:
            _fail(parsed, mapping, field_name, error, text)
    return parsed


def _fail(
    parsed: ParsedRow,
    mapping: SheetMapping,
    field_name: str,
    error: CellError,
    text: str,
) -> None:
    parsed.failed.add(field_name)
    parsed.issues.append(
        cell_issue(
            mapping,
            parsed.number,
            field_name,
            error.code,
            error.message,
            text,
            error.severity,
        )
    )


def cell_issue(
    mapping: SheetMapping,
    row: int | None,
    field_name: str,
    code: str,
    message: str,
    value=None,
    severity: str = ERROR,
) -> Issue:
    """An issue on the column of ``field_name`` (header as written in the file)."""
    index = mapping.columns.get(field_name)
    return Issue(
        sheet=mapping.sheet,
        row=row,
        column=mapping.header_of(field_name),
        column_letter=column_letter(index) if index is not None else "",
        code=code,
        message=message,
        severity=severity,
        value=value,
    )


# Exchange keys each column fills, where they differ from the column's own name.
COLUMN_KEYS = {
    "region_name": (),
    "natural_person_topics": ("topics",),
    "legal_person_topics": ("topics",),
    "handling_type": ("handling_type", "review_type"),
    "legal_limit": ("legal_limit_value", "legal_limit_unit"),
    "promised_limit": ("promised_limit_value", "promised_limit_unit"),
    "supports_appointment": ("channels",),
    "supports_express": ("channels",),
    "supports_self_service": ("channels",),
    "supports_agent": ("channels",),
}


def exchange_keys(kind: str, columns: dict[str, int]) -> set[str]:
    """The exchange keys a sheet with ``columns`` carries (for partial updates)."""
    if kind == "materials":
        return {"materials"}
    return {key for name in columns for key in COLUMN_KEYS.get(name, (name,))}
