"""Service-hall writes used by ``services.upsert_halls``."""

import datetime

from django.core.exceptions import ValidationError

from .models import Region, ServiceHall, ServiceItem

_FIELDS = (
    "address",
    "opening_hours",
    "phone",
    "appointment_info",
    "status",
    "status_reason",
    "status_from",
    "status_until",
)


def upsert_hall(row: dict) -> ServiceHall:
    region = Region.objects.filter(code=row.get("region_code")).first()
    if region is None:
        raise ValidationError(
            f"Hall {row.get('name')!r}: unknown region_code {row.get('region_code')!r}"
        )
    hall = ServiceHall.objects.filter(region=region, name=row["name"]).first()
    hall = hall or ServiceHall(region=region, name=row["name"])
    values = {field: _value(field, row.get(field)) for field in _FIELDS if field in row}
    if hall.pk is None or any(getattr(hall, k) != v for k, v in values.items()):
        for field, value in values.items():
            setattr(hall, field, value)
        hall.full_clean()
        hall.save()
    _link_items(hall, row.get("items", []))
    return hall


def _value(field, value):
    if field in ("status_from", "status_until"):
        return datetime.date.fromisoformat(value) if value else None
    return value if value is not None else ""


def _link_items(hall, codes):
    through = ServiceHall.items.through
    item_ids = ServiceItem.objects.filter(implementation_code__in=codes).values_list(
        "pk", flat=True
    )
    linked = set(
        through.objects.filter(servicehall=hall).values_list(
            "serviceitem_id", flat=True
        )
    )
    through.objects.bulk_create(
        through(serviceitem_id=pk, servicehall=hall)
        for pk in item_ids
        if pk not in linked
    )
