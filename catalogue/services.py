"""Public operations on the catalogue.

Other apps (``imports``, ``cms``) call these functions and never the models;
each write checks the rules, keeps a revision and writes an audit entry.
Stable within a minor version; keyword-only arguments.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from wagtail.models import ReferenceIndex

from . import rules
from .exchange import UpsertResult, apply_item_data, item_to_data, normalise_data
from .kpis import KpiReport, compute_kpis
from .models import Region, ServiceItem
from .rules import ItemChildren
from .scoping import Scope, scope_for

__all__ = [
    "ItemChildren",
    "KpiReport",
    "Scope",
    "UpsertResult",
    "catalogue_kpis",
    "check_material_rules",
    "check_rules",
    "default_region",
    "home_page_sections",
    "item_to_data",
    "items_for_editor",
    "normalise_data",
    "publish_item",
    "region_by_code",
    "save_item",
    "save_item_draft",
    "scope_for",
    "upsert_items",
    "user_can_manage",
]


def items_for_editor(user) -> QuerySet[ServiceItem]:
    """Every item the user may see in the admin: their region scope only."""
    return ServiceItem.objects.filter(scope_for(user).item_filter())


def user_can_manage(user, item: ServiceItem) -> bool:
    return scope_for(user).allows(item.region_id, item.department_id)


def _require_scope(user, item: ServiceItem) -> None:
    if user is not None and not user_can_manage(user, item):
        raise PermissionDenied("The item is outside the user's region scope.")


def save_item(*, item: ServiceItem, user=None, publish: bool = False):
    """Validate and save ``item`` through Wagtail's create/edit actions.

    A draft of a live item is kept as a revision only, so citizens keep
    seeing the published version until it is published.  With ``user``,
    the region scope and model permissions (add/change/publish) are checked;
    without one (imports, demo loading) the caller is trusted.  Returns the
    new revision.
    """
    from wagtail.actions.create import CreateAction
    from wagtail.actions.edit import EditAction

    _require_scope(user, item)
    item.full_clean()
    action_class = EditAction if item.pk else CreateAction
    action = action_class(item, user=user, publish=publish, clean=False)
    action.execute(skip_permission_checks=user is None)
    return action.revision


def save_item_draft(*, item: ServiceItem, user=None):
    """Save a new revision without publishing it."""
    return save_item(item=item, user=user, publish=False)


def publish_item(*, item: ServiceItem, user=None):
    """Save a revision and publish it, so citizens see it at once."""
    return save_item(item=item, user=user, publish=True)


def catalogue_kpis(*, region: Region | None = None) -> KpiReport:
    """KPIs over live, in-use items of ``region`` and the regions below it."""
    items = ServiceItem.objects.public()
    if region is not None:
        items = items.in_regions(Region.objects.subtree_ids(region))
    return compute_kpis(items)


def home_page_sections(*, region: Region | None, limit: int = 12) -> dict:
    """Data for a region's home page: high-frequency items, topics, events."""
    from .listings import home_sections

    return home_sections(region=region, limit=limit)


def check_rules(
    item, children: rules.ItemChildren | None = None
) -> list[rules.Violation]:
    """The consistency rules (errors and warnings) for an item or an import row."""
    return rules.check_item(item, children)


def check_material_rules(material) -> list[rules.Violation]:
    """The consistency rules of one material row (an object with material attributes)."""
    return rules.check_material(material)


@transaction.atomic
def upsert_items(
    rows: Iterable[dict], *, user=None, publish: bool = True
) -> UpsertResult:
    """Create or update items from plain data (see ``catalogue.exchange``).

    Items whose data is unchanged are left alone (no revision), so running
    the same rows twice changes nothing.  All or nothing: any invalid row
    raises ``ValidationError`` and rolls every row back.
    """
    from wagtail.signal_handlers import disable_reference_index_auto_update

    result = UpsertResult()
    written = []
    # Wagtail re-indexes references on every save of the item and of each
    # child row; once per item at the end is the same result, many times faster.
    with disable_reference_index_auto_update():
        for row in rows:
            item = _upsert_one(normalise_data(row), result, user=user, publish=publish)
            if item is not None:
                written.append(item)
    for item in written:
        ReferenceIndex.create_or_update_for_object(item)
    return result


def _upsert_one(data: dict, result: UpsertResult, *, user, publish: bool):
    code = data["implementation_code"]
    item = ServiceItem.objects.filter(implementation_code=code).first()
    if item is not None and item_to_data(item) == data:
        result.unchanged.append(code)
        return None
    (result.updated if item else result.created).append(code)
    item = apply_item_data(item or ServiceItem(implementation_code=code), data)
    save_item(item=item, user=user, publish=publish)
    return item


def region_by_code(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def default_region(code: str = "") -> Region | None:
    """The region named by ``code``, else the top-level region."""
    return (code and region_by_code(code)) or Region.objects.filter(parent=None).first()


@transaction.atomic
def sync_reference_data(data: dict) -> None:
    """Create or update regions, departments, topics, life events and bundles.

    ``data`` holds lists under those keys (see ``cms/demo/catalogue.json``);
    rows are matched on their natural keys, so running it again is a no-op.
    """
    from .reference_data import sync_reference_data as _sync

    _sync(data)


@transaction.atomic
def set_high_frequency_items(*, region_code: str, codes: list[str]) -> None:
    """Replace a region's ordered high-frequency list."""
    from .models import HighFrequencyEntry, HighFrequencyList

    region = Region.objects.get(code=region_code)
    hf_list, _created = HighFrequencyList.objects.get_or_create(region=region)
    items = {
        i.implementation_code: i
        for i in ServiceItem.objects.filter(implementation_code__in=codes)
    }
    wanted = [items[c].pk for c in codes if c in items]
    current = list(
        hf_list.entries.order_by("sort_order").values_list("item_id", flat=True)
    )
    if current == wanted:
        return
    hf_list.entries.all().delete()
    HighFrequencyEntry.objects.bulk_create(
        HighFrequencyEntry(list=hf_list, item_id=pk, sort_order=n)
        for n, pk in enumerate(wanted)
    )


def bind_group_to_region(*, group, region_code: str, department_name: str = "") -> None:
    """Give ``group`` the editor scope of a region (and optionally a department)."""
    from .models import Department, EditorScope

    region = Region.objects.get(code=region_code)
    department = (
        Department.objects.get(region=region, name=department_name)
        if department_name
        else None
    )
    EditorScope.objects.update_or_create(
        group=group, defaults={"region": region, "department": department}
    )


def ensure_index_page(*, parent, title: str, slug: str = "items"):
    """The catalogue index page under ``parent`` (created once)."""
    from .models import CatalogueIndexPage

    existing = CatalogueIndexPage.objects.child_of(parent).first()
    if existing:
        return existing
    page = CatalogueIndexPage(title=title, slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
