"""Queries behind the citizen listings and the home page sections."""

from django.db.models import Count, Q

from .constants import AudienceGroup, ItemStatus
from .models import Department, HighFrequencyList, LifeEvent, Region, ServiceItem, Topic

_PUBLIC = Q(items__live=True) & ~Q(items__status=ItemStatus.CANCELLED)


def _with_counts(queryset, region_ids=None):
    condition = _PUBLIC
    if region_ids is not None:
        condition &= Q(items__region_id__in=region_ids)
    return queryset.annotate(item_count=Count("items", filter=condition)).filter(
        item_count__gt=0
    )


def topics_by_group(region_ids=None):
    topics = _with_counts(Topic.objects.all(), region_ids)
    return {
        group: [t for t in topics if t.audience_group == group]
        for group in AudienceGroup.values
    }


def life_events_by_group(region_ids=None):
    events = _with_counts(LifeEvent.objects.all(), region_ids)
    return {
        group: [e for e in events if e.audience_group == group]
        for group in AudienceGroup.values
    }


def departments(region_ids=None):
    queryset = Department.objects.select_related("region")
    if region_ids is not None:
        queryset = queryset.filter(region_id__in=region_ids)
    return _with_counts(queryset, region_ids)


def high_frequency_items(region, limit):
    """The editor-ordered list, falling back to items flagged high-frequency."""
    public = ServiceItem.objects.public()
    entries = (
        HighFrequencyList.objects.filter(region=region).first() if region else None
    )
    if entries is not None:
        ordered = [
            entry.item
            for entry in entries.entries.select_related("item__region").order_by(
                "sort_order"
            )
            if entry.item.live and entry.item.status != ItemStatus.CANCELLED
        ]
        if ordered:
            return ordered[:limit]
    flagged = public.filter(is_high_frequency=True).select_related("region")
    if region is not None:
        flagged = flagged.filter(region=region)
    return list(flagged[:limit])


def home_sections(*, region, limit):
    region_ids = Region.objects.subtree_ids(region) if region else None
    return {
        "region": region,
        "regions": list(Region.objects.all()),
        "high_frequency_items": high_frequency_items(region, limit),
        "topics": topics_by_group(region_ids),
        "life_events": life_events_by_group(region_ids),
        "departments": list(departments(region_ids)),
    }


def browse_context():
    return {
        "topics": topics_by_group(),
        "life_events": life_events_by_group(),
        "departments": list(departments()),
        "regions": list(Region.objects.all()),
    }
