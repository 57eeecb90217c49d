"""Who may use the import screens, and which runs each user sees.

Importing changes service items, so every screen needs the catalogue's item
change permission.  Runs are scoped like items: an editor sees the runs of
the regions they work on (and the regions below); an unrestricted user sees
every run.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from catalogue import services as catalogue

from ..models import ImportRun

PERMISSION = "catalogue.change_serviceitem"


def can_import(user) -> bool:
    return user.is_authenticated and user.has_perm(PERMISSION)


class ImportPermissionMixin:
    """Refuse the view to users without the item change permission."""

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def visible_runs(user):
    """The runs ``user`` may see: all, or those of the user's regions."""
    runs = ImportRun.objects.select_related("user")
    codes = catalogue.region_codes_for_user(user)
    if codes is None:
        return runs
    return runs.filter(region_code__in=codes)


def run_or_404(user, pk) -> ImportRun:
    return get_object_or_404(visible_runs(user), pk=pk)
