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
from .bulk import (
    ExistingItem,
    ItemWrite,
    ensure_reference_data,
    missing_reference_data,
)
from .constants import ItemStatus
from .exchange import UpsertResult, apply_item_data, item_to_data, normalise_data
from .field_rules import field_rules
from .kpis import KpiReport, compute_kpis
from .models import Region, ServiceItem
from .related import RelatedLink, related_content
from .routing import item_path
from .rules import ItemChildren
from .scoping import Scope, region_codes_for_user, region_subtree_codes, scope_for
from .site_scope import SiteScope
from .web_urls import validate_web_url

__all__ = [
    "ItemChildren",
    "ItemStatus",
    "ExistingItem",
    "ItemWrite",
    "KpiReport",
    "RelatedLink",
    "Scope",
    "UpsertResult",
    "announce_items_changed",
    "bulk_write_items",
    "item_path",
    "catalogue_kpis",
    "ensure_reference_data",
    "fetch_items_data",
    "missing_reference_data",
    "region_codes_for_user",
    "region_subtree_codes",
    "check_data_rules",
    "field_rules",
    "validate_web_url",
    "check_material_rules",
    "check_rules",
    "default_region",
    "departments_for_editor",
    "home_page_sections",
    "item_to_data",
    "item_by_code",
    "items_for_editor",
    "items_for_export",
    "normalise_data",
    "publish_item",
    "register_related_content",
    "register_site_scope",
    "SiteScope",
    "region_by_code",
    "regions_under",
    "regions_for_editor",
    "save_item",
    "save_item_draft",
    "scope_for",
    "upsert_halls",
    "upsert_items",
    "user_can_manage",
    "link_application_forms",
]


def items_for_editor(user) -> QuerySet[ServiceItem]:
    """Every item the user may see in the admin: their region scope only."""
    return ServiceItem.objects.filter(scope_for(user).item_filter())


def items_for_export(*, user=None, region_code: str = "") -> QuerySet[ServiceItem]:
    """Items to write to an exchange workbook, ready for ``item_to_data``.

    With ``user``, only the user's scope; without one (command line), every
    item.  ``region_code`` keeps the region and the regions below it.  Every
    relation ``item_to_data`` reads is fetched in bulk, in code order.
    """
    items = items_for_editor(user) if user is not None else ServiceItem.objects.all()
    if region_code:
        region = region_by_code(region_code)
        ids = Region.objects.subtree_ids(region) if region else set()
        items = items.filter(region_id__in=ids)
    return (
        items.select_related("region", "department")
        .prefetch_related(
            "topics", "life_events", "bundles", "materials", "fees", "steps", "faqs"
        )
        .order_by("region__sort_order", "region__code", "implementation_code")
    )


def regions_for_editor(user):
    """Regions the user works on (all for an unrestricted user), by code."""
    scope = scope_for(user)
    regions = Region.objects.all()
    if not scope.unrestricted:
        regions = regions.filter(pk__in=scope.region_ids)
    return regions.order_by("sort_order", "code")


def departments_for_editor(user):
    """Departments of the regions the user works on."""
    from .models import Department

    return Department.objects.filter(
        region__in=regions_for_editor(user)
    ).select_related("region")


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


def check_data_rules(data: dict) -> list[rules.Violation]:
    """The rules on an item in exchange shape (the merged item an import writes)."""
    return rules.check_data(data)


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


@transaction.atomic
def upsert_halls(rows: Iterable[dict]) -> list:
    """Create or update service halls and link them to items.

    Each row has ``region_code``, ``name`` (together the natural key), the
    hall's other fields and ``items`` (implementation codes handled there).
    Links are added, never removed; running it again changes nothing.
    """
    from .halls import upsert_hall

    return [upsert_hall(dict(row)) for row in rows]


def register_site_scope(provider):
    """Let the layer that knows sites say which regions a request's site serves.

    ``provider(request) -> catalogue.site_scope.SiteScope``; called from
    ``AppConfig.ready``.  Listings then show only those regions' items and a
    guide of another region redirects to ``SiteScope.elsewhere(item)``.
    """
    from .site_scope import register

    return register(provider)


def register_related_content(provider):
    """Add ``provider(item, request) -> Iterable[RelatedLink]`` to item guides.

    Higher layers (guides, video tutorials) call this from ``AppConfig.ready``;
    usable as a decorator.
    """
    return related_content.register(provider)


def item_by_code(code: str) -> ServiceItem | None:
    return ServiceItem.objects.filter(implementation_code=code).first()


def region_by_code(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def regions_under(region: Region) -> list[Region]:
    """``region`` and every region below it, in display order."""
    ids = Region.objects.subtree_ids(region)
    return list(Region.objects.filter(pk__in=ids))


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


# --- bulk operations for the Excel import ------------------------------------


def fetch_items_data(codes) -> dict:
    """Stored items among ``codes`` as ``ExistingItem`` (exchange data + pks).

    A fixed number of queries per 500 codes; ``data`` equals ``item_to_data``.
    """
    from .bulk import fetch_existing

    return fetch_existing(codes)


def bulk_write_items(
    writes: list[ItemWrite], *, user=None, publish=True, progress=None
):
    """Create or update many items at once, each with a revision and audit entries.

    The set-wise counterpart of ``upsert_items`` for imports: rows are
    trusted (the import validated them with the same rules), the caller
    holds the transaction and calls ``announce_items_changed`` inside it.
    """
    from .bulk import write_items

    return write_items(writes, user=user, publish=publish, progress=progress)


def announce_items_changed(item_ids) -> None:
    """Tell search about many changed items in one go.

    Call it inside the transaction that wrote them: the work it queues runs
    only if that transaction commits, and a database task backend stores it
    with the items, so a crash right after commit still indexes them.
    """
    from .indexing import announce_changed

    announce_changed(list(item_ids))


def link_application_forms(links: dict[str, list[str]], *, user=None) -> int:
    """Link forms (by slug) to items (by code); returns how many items changed.

    Unknown item codes are skipped, so demo links survive a trimmed catalogue.
    """
    from .forms_link import link_form

    changed = 0
    for slug, codes in links.items():
        for code in codes:
            if ServiceItem.objects.filter(implementation_code=code).exists():
                changed += link_form(item_code=code, form_slug=slug, user=user)
    return changed


def ensure_review_workflow():
    """Service items go through a workflow with the regional review task.

    The same rule as migration 0005 (which repairs sites set up before it):
    keep a workflow that has an active task, otherwise give the items'
    workflow (事项发布审核, created if missing) the regional review task.
    """
    from .review_setup import ensure_review_workflow as ensure

    return ensure()
