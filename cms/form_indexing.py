"""Search documents for published online forms.

The form builder knows nothing of search; this adapter reads its public API
(``published_forms``, ``linked_subjects``) and builds documents of kind
``form``: title, introduction, step titles, field labels and help texts, and
the names of the service items that use the form.  Saving or deleting a
definition re-announces it through ``catalogue.indexing.document_changed``;
only the published version's text is indexed, so draft edits stay out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from catalogue import services as catalogue_services
from catalogue.indexing import DocumentSource, SearchDocument, document_changed
from formbuilder import services as form_services

from .content.indexing import LINKED_FACETS, SUMMARY_LENGTH, item_context

FORM_MODEL = "formbuilder.FormDefinition"


def ui_texts(ui_schema: dict) -> Iterator[str]:
    """Step titles, then each field's label, help text and choice labels."""
    for step in ui_schema.get("steps", []):
        yield step.get("title", "")
    for entry in ui_schema.get("fields", {}).values():
        yield from _entry_texts(entry)


def _entry_texts(entry: dict) -> Iterator[str]:
    yield entry.get("label", "")
    yield entry.get("help_text", "")
    for choice in entry.get("choices") or ():
        yield _choice_label(choice)
    for sub in entry.get("fields") or ():
        yield from _entry_texts(sub)


def _choice_label(choice) -> str:
    if isinstance(choice, dict):
        return str(choice.get("label", ""))
    if isinstance(choice, list | tuple):
        return str(choice[-1]) if choice else ""
    return str(choice)


class FormSource(DocumentSource):
    """Documents for forms with a published version that accept submissions."""

    kind = "form"
    label = pgettext_lazy("search result type", "Form")
    facets = LINKED_FACETS

    def iter_documents(self) -> Iterator[SearchDocument]:
        yield from self._documents(form_services.published_forms().order_by("pk"))

    def documents_for_keys(self, keys) -> Iterator[SearchDocument]:
        """Documents of the published, accepting forms among primary keys ``keys``."""
        pks = [int(key) for key in keys if str(key).isdigit()]
        for start in range(0, len(pks), 500):
            yield from self._documents(
                form_services.published_forms().filter(pk__in=pks[start : start + 500])
            )

    def _documents(self, forms) -> Iterator[SearchDocument]:
        forms = list(forms)
        linked = form_services.linked_subjects(f.pk for f in forms)
        for definition in forms:
            yield self.document(definition, linked.get(definition.pk, []))

    def document_for(self, definition) -> SearchDocument | None:
        live = form_services.published_forms().filter(pk=definition.pk).first()
        if live is None:
            return None
        linked = form_services.linked_subjects([live.pk])
        return self.document(live, linked.get(live.pk, []))

    def document(self, definition, codes: Iterable[str]) -> SearchDocument:
        items = [catalogue_services.item_by_code(code) for code in codes]
        context = item_context(item for item in items if item is not None)
        region = definition.region_code or context["region_code"]
        texts = [definition.intro, *ui_texts(definition.live_version.ui_schema)]
        return SearchDocument(
            doc_id=self.doc_id(definition.pk),
            kind=self.kind,
            code=definition.slug,
            title=definition.title,
            url=reverse("formbuilder:start", kwargs={"slug": definition.slug}),
            keywords=tuple(k for k in context["keywords"] if k),
            body="\n".join(t for t in texts if t),
            summary=(definition.intro or "")[:SUMMARY_LENGTH],
            region_code=region,
            region_name=_region_name(region, context),
            facets={
                **context["facets"],
                "region": context["facets"]["region"] or ((region,) if region else ()),
                "type": (self.kind,),
            },
            updated_at=definition.live_version.created_at,
        )


def _region_name(code: str, context: dict) -> str:
    if not code or code == context["region_code"]:
        return context["region_name"]
    region = catalogue_services.region_by_code(code)
    return region.name if region else ""


def announce(definition) -> None:
    """Send the form's new document (None = remove) to whoever indexes it."""
    source = FormSource()
    document_changed.send(
        sender=type(definition),
        doc_id=source.doc_id(definition.pk),
        document=source.document_for(definition),
    )


def on_saved(sender, instance, **kwargs):
    announce(instance)


def on_deleted(sender, instance, **kwargs):
    document_changed.send(
        sender=sender, doc_id=FormSource().doc_id(instance.pk), document=None
    )


def connect() -> None:
    post_save.connect(on_saved, sender=FORM_MODEL, dispatch_uid="idx-form-saved")
    post_delete.connect(on_deleted, sender=FORM_MODEL, dispatch_uid="idx-form-deleted")
