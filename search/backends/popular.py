"""Popular documents for zero-result pages: the most boosted entries."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When

from ..models import IndexEntry
from ..query import Hit


def popular_hits(using: str = "default", limit: int = 8, region: str = "") -> list[Hit]:
    preferred = Case(
        When(region_code=region, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    entries = (
        IndexEntry.objects.using(using)
        .annotate(preferred=preferred)
        .order_by("-preferred", "-boost", "pk")[: max(1, min(int(limit), 50))]
    )
    return [
        Hit(
            doc_id=e.doc_id,
            kind=e.kind,
            code=e.code,
            title=e.title,
            url=e.url,
            score=e.boost,
            region_code=e.region_code,
            region_name=e.region_name,
        )
        for e in entries
    ]
