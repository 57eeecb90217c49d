"""Staff-side queries: region scoping and permissions for submissions."""

from __future__ import annotations

from .models import Submission
from .processing import context_provider

PERSONAL_DATA_PERM = "formbuilder.view_personal_data"


def region_codes_for(user):
    """Region codes the user may see, or None for all (hook on the context provider)."""
    if user.is_superuser:
        return None
    provider = context_provider()
    hook = getattr(provider, "region_codes_for", None)
    return hook(user) if hook else None


def submissions_for(user):
    """Submissions ``user`` may see in the inbox."""
    if not user.has_perm("formbuilder.view_submission"):
        return Submission.objects.none()
    queryset = Submission.objects.select_related("definition", "version")
    codes = region_codes_for(user)
    if codes is not None:
        queryset = queryset.filter(region_code__in=codes)
    return queryset


def can_see_personal_data(user) -> bool:
    return user.has_perm(PERSONAL_DATA_PERM)
