"""Reference data a workbook names that the site does not have yet.

So a region can start from an empty site, an import creates the regions,
departments, topics, life events and 一件事 bundles its rows refer to.  A
new region's level and parent follow from its GB/T 2260 code (省 XX0000,
市 XXXX00, else 县); a parent that does not exist is simply left empty.
"""

from __future__ import annotations

from django.utils.text import slugify

from ..constants import ExerciseLevel
from ..models import Bundle, Department, LifeEvent, Region, Topic


def missing_reference_data(
    *,
    regions: dict[str, str],
    departments: set[tuple[str, str]],
    topics: dict[tuple[str, str], str],
    life_events: set[str],
    bundles: set[str],
) -> dict[str, list[dict]]:
    """What of the given reference data is not in the database (JSON-safe)."""
    known_regions = set(Region.objects.values_list("code", flat=True))
    known_departments = set(Department.objects.values_list("region__code", "name"))
    known_topics = set(Topic.objects.values_list("audience_group", "code"))
    known_events = set(LifeEvent.objects.values_list("name", flat=True))
    known_bundles = set(Bundle.objects.values_list("name", flat=True))
    return {
        "regions": [
            {"code": code, "name": regions[code] or code}
            for code in sorted(set(regions) - known_regions)
        ],
        "departments": [
            {"region_code": region, "name": name}
            for region, name in sorted(departments - known_departments)
        ],
        "topics": [
            {"audience_group": group, "code": code, "name": topics[(group, code)]}
            for group, code in sorted(set(topics) - known_topics)
        ],
        "life_events": [{"name": n} for n in sorted(life_events - known_events)],
        "bundles": [{"name": n} for n in sorted(bundles - known_bundles)],
    }


def ensure_reference_data(missing: dict[str, list[dict]]) -> None:
    """Create what ``missing_reference_data`` listed (call inside the transaction)."""
    for row in sorted(missing.get("regions", []), key=lambda r: _level(r["code"])):
        Region.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "level": _level(row["code"]),
                "parent": _parent(row["code"]),
            },
        )
    regions = dict(Region.objects.values_list("code", "pk"))
    Department.objects.bulk_create(
        [
            Department(region_id=regions[row["region_code"]], name=row["name"])
            for row in missing.get("departments", [])
        ],
        ignore_conflicts=True,
    )
    Topic.objects.bulk_create(
        [Topic(**row) for row in missing.get("topics", [])], ignore_conflicts=True
    )
    for row in missing.get("life_events", []):
        LifeEvent.objects.get_or_create(
            name=row["name"],
            defaults={"slug": _free_slug(LifeEvent, row["name"], 60)},
        )
    for row in missing.get("bundles", []):
        Bundle.objects.get_or_create(
            name=row["name"], defaults={"slug": _free_slug(Bundle, row["name"], 110)}
        )


def _level(code: str) -> str:
    if len(code) == 6 and code.endswith("0000"):
        return ExerciseLevel.PROVINCIAL
    if len(code) == 6 and code.endswith("00"):
        return ExerciseLevel.MUNICIPAL
    return ExerciseLevel.COUNTY


def _parent(code: str) -> Region | None:
    if len(code) != 6 or code.endswith("0000"):
        return None
    parent_code = code[:2] + "0000" if code.endswith("00") else code[:4] + "00"
    return Region.objects.filter(code=parent_code).first()


def _free_slug(model, name: str, max_length: int) -> str:
    base = slugify(name, allow_unicode=True)[: max_length - 4] or "x"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
