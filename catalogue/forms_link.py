"""Service item → application form glue, on the catalogue side.

The form builder stays generic: it asks the site's context provider
(``FORMBUILDER_CONTEXT_PROVIDER``) how a form is adjusted for a subject.
For a service item, upload fields linked to the item's materials are:

- waived through 电子证照 / 数据共享 → shown as 免提交 and not asked for;
- 容缺 (may be missing at acceptance) → optional, plus a 容缺受理承诺 box.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from formbuilder import services as form_services

from .constants import WaiveVia
from .models import ServiceItem

WAIVED_THROUGH = {WaiveVia.E_LICENCE, WaiveVia.DATA_SHARING}


def field_overrides(materials, upload_fields) -> tuple[dict, str]:
    """(overrides by field key, commitment text) for an item's materials."""
    by_name = {m.name.strip(): m for m in materials}
    overrides, needs_commitment = {}, False
    for field in upload_fields:
        material = by_name.get((field.get("material") or "").strip())
        if material is None:
            continue
        if material.waivable and material.waive_via in WAIVED_THROUGH:
            overrides[field["key"]] = {
                "hidden": True,
                "note": _("No need to submit (%s)")
                % WaiveVia(material.waive_via).label,
            }
        elif material.rongque_allowed:
            overrides[field["key"]] = {
                "required": False,
                "note": _("May be provided after acceptance (容缺)"),
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


class CatalogueFormContext:
    """``formbuilder.services.FormContextProvider`` for service items."""

    def context_for(self, definition, subject_code: str) -> form_services.FormContext:
        item = self._item(definition, subject_code)
        if item is None:
            return form_services.FormContext(region_code=definition.region_code)
        overrides, commitment = field_overrides(
            item.materials.all(), form_services.upload_fields(definition)
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
