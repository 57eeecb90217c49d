"""Idempotent upserts of reference data (regions, departments, topics …)."""

from .models import Bundle, Department, LifeEvent, Region, Topic


def sync_reference_data(data: dict) -> None:
    _sync_regions(data.get("regions", []))
    for row in data.get("departments", []):
        region = Region.objects.get(code=row["region_code"])
        _upsert(
            Department,
            {"region": region, "name": row["name"]},
            {k: row.get(k, "") for k in ("short_name", "category", "credit_code")},
        )
    for row in data.get("topics", []):
        _upsert(
            Topic,
            {"audience_group": row["audience_group"], "code": row["code"]},
            {"name": row["name"]},
        )
    for row in data.get("life_events", []):
        _upsert(
            LifeEvent,
            {"slug": row["slug"]},
            {k: row[k] for k in ("name", "audience_group", "sort_order")},
        )
    for row in data.get("bundles", []):
        _upsert(Bundle, {"name": row["name"]}, {"slug": row["slug"]})


def _sync_regions(rows):
    # Parents first: a region row may name a parent listed after it.
    pending = list(rows)
    for sort_order, row in enumerate(rows):
        row.setdefault("sort_order", sort_order)
    while pending:
        ready = [
            r for r in pending if not r.get("parent") or _region_exists(r["parent"])
        ]
        if not ready:
            missing = ", ".join(r["parent"] for r in pending)
            raise ValueError(f"Unknown parent regions: {missing}")
        for row in ready:
            parent = (
                Region.objects.get(code=row["parent"]) if row.get("parent") else None
            )
            _upsert(
                Region,
                {"code": row["code"]},
                {
                    "name": row["name"],
                    "level": row["level"],
                    "parent": parent,
                    "sort_order": row["sort_order"],
                },
            )
            pending.remove(row)


def _region_exists(code):
    return Region.objects.filter(code=code).exists()


def _upsert(model, keys, values):
    """update_or_create that does not write when nothing changed."""
    obj = model.objects.filter(**keys).first()
    if obj is None:
        return model.objects.create(**keys, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj
