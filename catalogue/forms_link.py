"""Service item → application form glue, on the catalogue side.

The form builder stays generic: it asks the site's context provider
(``FORMBUILDER_CONTEXT_PROVIDER``) how a form is adjusted for a subject.
For a service item, upload fields linked to the item's materials are:

- waived through 电子证照 / 数据共享 / 部门核验 → shown as 免提交 and not asked for;
- waived through 告知承诺 → a commitment box with the promise's text;
- 容缺 (may be missing at acceptance) → optional and owed later, plus a
  容缺受理承诺 box.

The labels are the guide's (``catalogue.guide.material_status``), so a
material reads the same on the guide, the form step and the review page.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from formbuilder import services as form_services

from .constants import TimeUnit
from .guide import material_status
from .models import ServiceItem

# Days a 容缺 material may follow the application, unless the item's promised
# time limit is shorter.
RONGQUE_DAYS = 10


def field_overrides(materials, upload_fields, *, due_days=None) -> tuple[dict, str]:
    """(overrides by field key, commitment text) for an item's materials.

    Each upload field linked to a material (by name) follows the guide's
    ``material_status``: 免提交 through 电子证照 / 数据共享 / 部门核验 → shown
    with that label and not asked; 告知承诺 → a box to tick with the promise's
    text instead of the upload; 容缺 → optional, owed after acceptance within
    ``due_days``, plus the 容缺受理承诺 box.
    """
    by_name = {m.name.strip(): m for m in materials}
    overrides, needs_commitment = {}, False
    for field in upload_fields:
        material = by_name.get((field.get("material") or "").strip())
        if material is None:
            continue
        status = material_status(material)
        if status.kind == "waived":
            overrides[field["key"]] = {"hidden": True, "note": status.label}
        elif status.kind == "commitment":
            overrides[field["key"]] = {
                "commitment": commitment_text(material),
                "note": status.label,
            }
        elif status.kind == "rongque":
            overrides[field["key"]] = {
                "required": False,
                "note": status.label,
                "owed": "rongque",
                "due_days": due_days or RONGQUE_DAYS,
            }
            needs_commitment = True
    commitment = (
        _(
            "I undertake to provide the missing materials within the time limit set at acceptance (容缺受理承诺)."
        )
        if needs_commitment
        else ""
    )
    return overrides, commitment


def commitment_text(material) -> str:
    """What the applicant promises instead of a 告知承诺 material."""
    if material.note.strip():
        return material.note.strip()
    return _(
        "I promise that what “%(material)s” would prove is true and complete, and "
        "accept the legal consequences of a false promise (告知承诺)."
    ) % {"material": material.name}


def rongque_days(item) -> int:
    """Days to hand in 容缺 materials: at most the promised time limit (补正时限 ≤ 承诺时限)."""
    value, unit = item.promised_limit_value, item.promised_limit_unit
    if value and unit in (TimeUnit.WORKING_DAY, TimeUnit.NATURAL_DAY):
        return max(1, min(RONGQUE_DAYS, value))
    return RONGQUE_DAYS


class CatalogueFormContext:
    """``formbuilder.services.FormContextProvider`` for service items."""

    def context_for(self, definition, subject_code: str) -> form_services.FormContext:
        item = self._item(definition, subject_code)
        if item is None:
            return form_services.FormContext(region_code=definition.region_code)
        overrides, commitment = field_overrides(
            item.materials.all(),
            form_services.upload_fields(definition),
            due_days=rongque_days(item),
        )
        return form_services.FormContext(
            subject_code=item.implementation_code,
            subject_title=item.name,
            region_code=item.region.code,
            field_overrides=overrides,
            extra_commitment=commitment,
        )

    def _item(self, definition, subject_code):
        items = ServiceItem.objects.public().filter(application_form=definition)
        items = items.select_related("region")
        if subject_code:
            return items.filter(implementation_code=subject_code).first()
        linked = list(items[:2])
        return linked[0] if len(linked) == 1 else None

    def region_codes_for(self, user):
        """Inbox scoping: the codes of the user's catalogue regions (None: all)."""
        from .models import Region
        from .scoping import scope_for

        scope = scope_for(user)
        if scope.unrestricted:
            return None
        return set(
            Region.objects.filter(pk__in=scope.region_ids).values_list(
                "code", flat=True
            )
        )

    def subject_titles(self, codes) -> dict[str, str]:
        """Item names by implementation code (the inbox names its item filter)."""
        return dict(
            ServiceItem.objects.filter(implementation_code__in=list(codes))
            .order_by()
            .values_list("implementation_code", "name")
            .distinct()
        )

    def shared_region_codes_for(self, user):
        """Forms of the regions above the user's (the province's) are shared
        with them: readable, not editable."""
        from .models import Region
        from .scoping import scope_for

        scope = scope_for(user)
        if scope.unrestricted:
            return set()
        codes = set()
        for region in Region.objects.filter(pk__in=scope.region_ids):
            parent = region.parent
            while parent is not None:
                codes.add(parent.code)
                parent = parent.parent
        return codes

    def region_choices_for(self, user):
        """(code, name) of the regions the user may give a form."""
        from .models import Region
        from .scoping import scope_for

        scope = scope_for(user)
        regions = Region.objects.order_by("sort_order", "code")
        if not scope.unrestricted:
            regions = regions.filter(pk__in=scope.region_ids)
        return [(r.code, f"{r.name}（{r.code}）") for r in regions]

    def code_chooser(self, kind: str):
        """A chooser widget for an item ("subject") or region code, scoped by
        the chooser's own views to the editor's items and regions."""
        from .code_choosers import code_chooser

        return code_chooser(kind)

    def material_names_for(self, definition) -> list[str]:
        """The materials of the items linking ``definition``, for the builder
        (in the guides' order, each name once)."""
        from .models import Material

        names = (
            Material.objects.filter(item__application_form=definition)
            .order_by("item__implementation_code", "sort_order", "pk")
            .values_list("name", flat=True)
        )
        return list(dict.fromkeys(n.strip() for n in names if n.strip()))

    def linked_codes(self, definition_ids) -> dict[int, list[str]]:
        codes: dict[int, list[str]] = {}
        rows = (
            ServiceItem.objects.public()
            .filter(application_form_id__in=definition_ids)
            .values_list("application_form_id", "implementation_code")
            .order_by("implementation_code")
        )
        for form_id, code in rows:
            codes.setdefault(form_id, []).append(code)
        return codes


def form_url_for(item) -> str:
    """The citizen's address of the item's online form, or ''."""
    from django.urls import reverse

    form = getattr(item, "application_form", None)
    if form is None or form.live_version_id is None:
        return ""
    return (
        reverse("formbuilder:start", kwargs={"slug": form.slug})
        + f"?item={item.implementation_code}"
    )


def link_form(*, item_code: str, form_slug: str | None, user=None) -> bool:
    """Set (or clear) an item's application form; publishes a new revision.

    Returns False when nothing changed.  Going through ``save_item`` keeps
    the link in the item's revisions, so a later edit does not drop it.
    """
    from .services import save_item

    item = ServiceItem.objects.get(implementation_code=item_code)
    form = form_services.definition_by_slug(form_slug) if form_slug else None
    if item.application_form_id == (form.pk if form else None):
        return False
    item.application_form = form
    save_item(item=item, user=user, publish=item.live)
    return True
