"""Items as plain data: the shape imports, exports and demo loading share.

``item_to_data`` and ``apply_item_data`` are inverse: an item written from
its own data is unchanged, which is what makes re-imports and ``load_demo``
idempotent and lets the Excel import diff field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import (
    FAQ,
    Bundle,
    Department,
    FeeItem,
    LifeEvent,
    Material,
    ProcessStep,
    Region,
    ServiceItem,
    Topic,
)

SCALAR_FIELDS = (
    "catalogue_code",
    "name",
    "item_type",
    "variant",
    "audience",
    "exercise_level",
    "handling_office",
    "handling_type",
    "review_type",
    "legal_limit_value",
    "legal_limit_unit",
    "legal_limit_note",
    "promised_limit_value",
    "promised_limit_unit",
    "promised_limit_note",
    "visits",
    "must_visit_reason",
    "is_online",
    "online_depth",
    "online_stages",
    "online_url",
    "channels",
    "tongban_scope",
    "is_charged",
    "supports_online_payment",
    "legal_basis",
    "accept_conditions",
    "result_name",
    "result_type",
    "address",
    "office_hours",
    "consult_phone",
    "complaint_phone",
    "status",
    "is_high_frequency",
)
MATERIAL_FIELDS = (
    "name",
    "required",
    "form",
    "medium",
    "copies",
    "source",
    "waivable",
    "waive_via",
    "rongque_allowed",
    "note",
)
FEE_FIELDS = ("name", "standard", "basis")
STEP_FIELDS = ("name", "actor", "time_limit_value", "time_limit_unit", "description")
FAQ_FIELDS = ("question", "answer")
CHILDREN = {
    "materials": (Material, MATERIAL_FIELDS),
    "fees": (FeeItem, FEE_FIELDS),
    "steps": (ProcessStep, STEP_FIELDS),
    "faqs": (FAQ, FAQ_FIELDS),
}


@dataclass
class UpsertResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def item_to_data(item: ServiceItem) -> dict:
    """Everything an exchange file carries for ``item``, as plain values."""
    data = {"implementation_code": item.implementation_code}
    data.update({name: getattr(item, name) for name in SCALAR_FIELDS})
    data["aliases"] = item.alias_list
    data["region_code"] = item.region.code
    data["department_name"] = item.department.name
    data["topics"] = sorted((t.audience_group, t.code) for t in item.topics.all())
    data["life_events"] = sorted(e.name for e in item.life_events.all())
    data["bundles"] = sorted(b.name for b in item.bundles.all())
    for relation, (_model, fields) in CHILDREN.items():
        data[relation] = [
            {name: getattr(child, name) for name in fields}
            for child in getattr(item, relation).all()
        ]
    return data


def normalise_data(data: dict) -> dict:
    """Fill defaults so incoming data compares equal to ``item_to_data``."""
    blank = item_to_data_defaults()
    merged = {**blank, **data}
    merged["topics"] = sorted(tuple(t) for t in merged["topics"])
    merged["life_events"] = sorted(merged["life_events"])
    merged["bundles"] = sorted(merged["bundles"])
    for relation, (_model, fields) in CHILDREN.items():
        defaults = _child_defaults(CHILDREN[relation][0], fields)
        merged[relation] = [{**defaults, **child} for child in merged[relation]]
    return merged


def item_to_data_defaults() -> dict:
    defaults = {}
    for name in SCALAR_FIELDS:
        model_field = ServiceItem._meta.get_field(name)
        defaults[name] = model_field.get_default()
        if defaults[name] is None and not model_field.null:
            defaults[name] = ""
    defaults.update(aliases=[], topics=[], life_events=[], bundles=[])
    defaults.update({relation: [] for relation in CHILDREN})
    return defaults


def _child_defaults(model, fields):
    result = {}
    for name in fields:
        model_field = model._meta.get_field(name)
        value = model_field.get_default()
        result[name] = "" if value is None and not model_field.null else value
    return result


def apply_item_data(item: ServiceItem, data: dict) -> ServiceItem:
    """Copy ``data`` onto ``item`` (unsaved); raise ValidationError on bad refs."""
    for name in SCALAR_FIELDS:
        setattr(item, name, data[name])
    item.aliases = "\n".join(data["aliases"])
    item.region = _lookup(Region, "region_code", code=data["region_code"])
    item.department = _lookup(
        Department, "department_name", name=data["department_name"], region=item.region
    )
    item.topics = [
        _lookup(Topic, "topics", audience_group=group, code=code)
        for group, code in data["topics"]
    ]
    item.life_events = [
        _lookup(LifeEvent, "life_events", name=n) for n in data["life_events"]
    ]
    item.bundles = [_lookup(Bundle, "bundles", name=n) for n in data["bundles"]]
    for relation, (model, _fields) in CHILDREN.items():
        # Children are Orderable: keep the data's order (材料序号) in sort_order.
        children = [
            model(**child, sort_order=number)
            for number, child in enumerate(data[relation])
        ]
        setattr(item, relation, children)
    return item


def _lookup(model, field_name, **criteria):
    try:
        return model.objects.get(**criteria)
    except model.DoesNotExist as exc:
        raise ValidationError(
            {
                field_name: ValidationError(
                    _("Unknown %(model)s: %(value)s"),
                    code="unknown_reference",
                    params={
                        "model": model._meta.verbose_name,
                        "value": ", ".join(str(v) for v in criteria.values()),
                    },
                )
            }
        ) from exc
