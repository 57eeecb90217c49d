"""Catalogue KPIs (domain guide §4), computed over a queryset of items.

Rates are fractions in [0, 1] rounded to 4 places; ``None`` where the base
is empty (no items, or no item with both a legal and a promised limit).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import Count, Q

from .constants import HandlingType, OnlineDepth
from .rules import to_natural_days


@dataclass(frozen=True)
class KpiReport:
    items: int
    materials: int
    materials_waived: int
    material_waived_rate: float | None
    full_online_rate: float | None
    immediate_rate: float | None
    zero_visit_rate: float | None
    average_visits: float | None
    promise_compression_ratio: float | None
    promise_compression_basis: int

    def as_dict(self) -> dict:
        return asdict(self)


def _rate(part: float, whole: float) -> float | None:
    return round(float(part) / float(whole), 4) if whole else None


_ITEM_FIELDS = (
    "online_depth",
    "handling_type",
    "visits",
    "legal_limit_value",
    "legal_limit_unit",
    "promised_limit_value",
    "promised_limit_unit",
)


def compute_kpis(items) -> KpiReport:
    rows = list(
        items.annotate(
            material_total=Count("materials", distinct=True),
            material_waived=Count(
                "materials", filter=Q(materials__waivable=True), distinct=True
            ),
        ).values(*_ITEM_FIELDS, "material_total", "material_waived")
    )
    return kpis_from_rows(rows)


def kpis_from_rows(rows: list[dict]) -> KpiReport:
    count = len(rows)
    materials = sum(r["material_total"] for r in rows)
    waived = sum(r["material_waived"] for r in rows)
    legal_total, saved_total, basis = _compression(rows)
    return KpiReport(
        items=count,
        materials=materials,
        materials_waived=waived,
        material_waived_rate=_rate(waived, materials),
        full_online_rate=_rate(
            sum(r["online_depth"] == OnlineDepth.LEVEL_4 for r in rows), count
        ),
        immediate_rate=_rate(
            sum(r["handling_type"] == HandlingType.IMMEDIATE for r in rows), count
        ),
        zero_visit_rate=_rate(sum(r["visits"] == 0 for r in rows), count),
        average_visits=_rate(sum(r["visits"] for r in rows), count),
        promise_compression_ratio=_rate(saved_total, legal_total),
        promise_compression_basis=basis,
    )


def _compression(rows):
    """Σ(legal − promised) and Σ legal over items that have both limits."""
    legal_total = saved_total = 0
    basis = 0
    for row in rows:
        legal = to_natural_days(row["legal_limit_value"], row["legal_limit_unit"])
        promised = to_natural_days(
            row["promised_limit_value"], row["promised_limit_unit"]
        )
        if promised is None and row["promised_limit_value"] == 0:
            promised = 0
        if not legal or promised is None:
            continue
        basis += 1
        legal_total += legal
        saved_total += legal - promised
    return legal_total, saved_total, basis


def kpis_by(items, field: str) -> dict:
    """One report per value of ``field`` (e.g. ``"department"``, ``"region"``)."""
    keys = items.order_by().values_list(field, flat=True).distinct()
    return {key: compute_kpis(items.filter(**{field: key})) for key in keys}


def item_kpis(item) -> KpiReport:
    """The same figures for one item (its own materials and time limits)."""
    return compute_kpis(type(item).objects.filter(pk=item.pk))
