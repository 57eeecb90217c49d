"""Factories for form definitions and versions."""

from formbuilder import services
from formbuilder.models import FormDefinition

from .documents import document as sample_document


def make_form(slug="replace-id", document=None, publish=True, **extra):
    definition = FormDefinition(
        slug=slug, title=extra.pop("title", "补领证件"), **extra
    )
    definition.set_document(document or sample_document())
    definition.full_clean()
    definition.save()
    if publish:
        services.publish(definition)
        definition.refresh_from_db()
    return definition
