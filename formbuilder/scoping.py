"""Which form definitions an editor may edit, and which they may only read.

A definition belongs to the region in ``region_code``; an empty code is a
form shared by the whole site (the province's).  The site's context provider
(``FORMBUILDER_CONTEXT_PROVIDER``) says which region codes a user works on
(``region_codes_for``), which codes above them they share forms with
(``shared_region_codes_for``) and how to name them (``region_choices_for``).
Without a provider every editor works on every form.
"""

from __future__ import annotations

from django.http import Http404

from .models import FormDefinition
from .processing import context_provider
from .staff import region_codes_for


def _hook(name, user, default):
    provider = context_provider()
    hook = getattr(provider, name, None)
    return hook(user) if hook else default


def shared_codes_for(user) -> set[str]:
    """Codes of forms the user may read but not change ('' = shared by all)."""
    return {"", *_hook("shared_region_codes_for", user, set())}


def region_choices_for(user) -> list[tuple[str, str]] | None:
    """(code, name) of the regions the user may give a form; None: free text."""
    return _hook("region_choices_for", user, None)


def code_chooser(kind: str):
    """The site's chooser widget for an item ("subject") or region code.

    None without one: callers fall back to a select of codes.
    """
    hook = getattr(context_provider(), "code_chooser", None)
    return hook(kind) if hook else None


def editable_definitions(user, queryset=None):
    queryset = FormDefinition.objects.all() if queryset is None else queryset
    codes = region_codes_for(user)
    return queryset if codes is None else queryset.filter(region_code__in=codes)


def readable_definitions(user, queryset=None):
    queryset = FormDefinition.objects.all() if queryset is None else queryset
    codes = region_codes_for(user)
    if codes is None:
        return queryset
    return queryset.filter(region_code__in=set(codes) | shared_codes_for(user))


def can_edit(user, definition) -> bool:
    codes = region_codes_for(user)
    return codes is None or definition.region_code in codes


def readable_or_404(user, pk) -> FormDefinition:
    """The definition if the user may at least read it (another city's: 404)."""
    definition = readable_definitions(user).filter(pk=pk).first()
    if definition is None:
        raise Http404
    return definition


def material_names_for(definition) -> list[str]:
    """Names of the materials an upload field of ``definition`` may provide
    (the site's provider: the materials of the items linking the form)."""
    provider = context_provider()
    hook = getattr(provider, "material_names_for", None)
    return list(hook(definition)) if hook else []
