"""Publishing, comparing, restoring, importing and exporting form definitions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from .compiler import CompileError, compile_document, decompile, iter_fields
from .models import FormDefinition, FormVersion
from .models.definitions import pair_checksum
from .schema_checks import check_pair

EXPORT_FORMAT = "banshi-form/1"
COMPARED_ATTRIBUTES = (
    "type",
    "label",
    "help_text",
    "required",
    "choices",
    "visible_if",
    "min_length",
    "max_length",
    "pattern",
    "minimum",
    "maximum",
    "integer",
    "min_items",
    "max_items",
    "accept",
    "material",
    "note",
    "fields",
)


class DefinitionImportError(ValidationError):
    """A rejected import; ``problems`` lists ``{path, message}``."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__([f"{p['path']}: {p['message']}" for p in problems])


def publish(definition: FormDefinition, *, user=None) -> FormVersion:
    """Publish the builder as ``definition`` holds it (a new Wagtail revision)
    and return the live version (the same one if nothing changed).

    Raises ``ValidationError`` (nothing written) when the builder fails the checks.
    """
    with transaction.atomic():
        definition.full_clean()
        compiled = definition.compile()
        live = definition.live_version if definition.pk else None
        if (
            definition.live
            and not definition.has_unpublished_changes
            and live is not None
            and live.checksum
            == pair_checksum(compiled["schema"], compiled["ui_schema"])
        ):
            # Nothing to publish (e.g. the demo loaded again): no new revision.
            definition.save()
            return live
        if definition.pk is None or not definition.live:
            definition.save()
        revision = definition.save_revision(user=user, log_action=False)
        revision.publish(user=user, skip_permission_checks=True)
    definition.refresh_from_db()
    return definition.live_version


def publish_latest(definition: FormDefinition, *, user=None) -> FormVersion:
    """Publish the form's latest revision (its draft), as the editor's footer would."""
    return publish(definition.get_latest_revision_as_object(), user=user)


def freeze_version(definition: FormDefinition, compiled: dict, *, user=None):
    """Make ``compiled`` the live version (called inside ``FormDefinition.publish``).

    An unchanged builder keeps the live version (no new number).
    """
    checksum = pair_checksum(compiled["schema"], compiled["ui_schema"])
    live = definition.live_version
    if live is not None and live.checksum == checksum:
        return live
    last = definition.versions.order_by("-number").first()
    version = FormVersion.objects.create(
        definition=definition,
        number=(last.number + 1) if last else 1,
        schema=compiled["schema"],
        ui_schema=compiled["ui_schema"],
        checksum=checksum,
        created_by=user if user and user.is_authenticated else None,
    )
    definition.live_version = version
    # A real save, so receivers (the search index) see the new version.
    definition.save(update_fields=["live_version"])
    return version


def save_builder_draft(definition: FormDefinition, *, user=None):
    """Keep ``definition`` (changed in memory) as a new draft revision, as the
    editor's "save draft" does: the live row changes only when it is published."""
    if not definition.live:
        definition.save()
    return definition.save_revision(user=user, log_action=False)


@transaction.atomic
def restore_version(version: FormVersion, *, user=None) -> FormDefinition:
    """Rebuild the builder (a new draft) from an earlier version; publish it to make it live."""
    definition = version.definition.get_latest_revision_as_object()
    definition.set_document(version.document())
    save_builder_draft(definition, user=user)
    log(
        instance=definition,
        action="formbuilder.restore",
        user=user,
        data={"version": version.number},
    )
    return definition


CHANGE_LABELS = {
    "added": gettext_lazy("added"),
    "removed": gettext_lazy("removed"),
    "changed": gettext_lazy("changed"),
    "moved": gettext_lazy("moved to another step"),
}


@dataclass
class FieldChange:
    key: str
    label: str
    change: str  # "added" | "removed" | "changed" | "moved"
    attributes: list[str] = field(default_factory=list)

    @property
    def change_label(self) -> str:
        """The change in the admin's language (``change`` stays the code)."""
        return str(CHANGE_LABELS.get(self.change, self.change))


def diff_documents(old: dict, new: dict) -> list[FieldChange]:
    """Field-level differences between two builder documents, in the new order."""
    old_fields = {f["key"]: (s["key"], f) for s, f in iter_fields(old)}
    new_fields = {f["key"]: (s["key"], f) for s, f in iter_fields(new)}
    changes = []
    for key, (step_key, field_) in new_fields.items():
        if key not in old_fields:
            changes.append(FieldChange(key, field_.get("label", ""), "added"))
            continue
        old_step, old_field = old_fields[key]
        changed = [a for a in COMPARED_ATTRIBUTES if old_field.get(a) != field_.get(a)]
        if changed:
            changes.append(
                FieldChange(key, field_.get("label", ""), "changed", changed)
            )
        elif old_step != step_key:
            changes.append(FieldChange(key, field_.get("label", ""), "moved"))
    for key, (_step, field_) in old_fields.items():
        if key not in new_fields:
            changes.append(FieldChange(key, field_.get("label", ""), "removed"))
    return changes


def diff_versions(old: FormVersion, new: FormVersion) -> list[FieldChange]:
    return diff_documents(old.document(), new.document())


def export_definition(
    definition: FormDefinition, version: FormVersion | None = None
) -> dict:
    """The portable JSON of a version (default: the live one, else the builder)."""
    version = version or definition.live_version
    pair = (
        {"schema": version.schema, "ui_schema": version.ui_schema}
        if version
        else definition.get_latest_revision_as_object().compile()
    )
    return {
        "format": EXPORT_FORMAT,
        "slug": definition.slug,
        "title": definition.title,
        **pair,
    }


def parse_import(data) -> dict:
    """Check an exported document; returns the builder document or raises."""
    if not isinstance(data, dict) or "schema" not in data or "ui_schema" not in data:
        raise DefinitionImportError(
            [
                {
                    "path": "/",
                    "message": _("Expected an object with “schema” and “ui_schema”."),
                }
            ]
        )
    problems = check_pair(data["schema"], data["ui_schema"])
    if problems:
        raise DefinitionImportError(problems)
    try:
        document = decompile(data["schema"], data["ui_schema"])
        compile_document(document)
    except CompileError as error:
        raise DefinitionImportError(
            [{"path": "/" + error.path, "message": error.message}]
        ) from error
    except (KeyError, TypeError, AttributeError) as error:
        raise DefinitionImportError(
            [
                {
                    "path": "/ui_schema",
                    "message": _("Missing or malformed entry: %s") % error,
                }
            ]
        ) from error
    return document


@transaction.atomic
def import_definition(
    data, *, definition: FormDefinition | None = None, user=None, region_code=""
) -> FormDefinition:
    """Create (or replace the builder of) a definition from exported JSON.

    A new definition belongs to ``region_code``; an existing one keeps its
    region whatever the file says.
    """
    document = parse_import(data)
    if definition is None:
        definition = FormDefinition(
            title=data.get("title") or document["title"] or "form",
            slug=data.get("slug") or "",
            region_code=region_code,
            live=False,
        )
    else:
        definition = definition.get_latest_revision_as_object()
    definition.set_document(document)
    definition.full_clean()
    save_builder_draft(definition, user=user)
    log(instance=definition, action="formbuilder.import", user=user)
    return definition
