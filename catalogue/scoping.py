"""Which regions and departments an editor may work on."""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    """``unrestricted`` or a set of (region ids, department id or None) grants."""

    unrestricted: bool
    grants: tuple[tuple[frozenset[int], int | None], ...] = ()

    @property
    def region_ids(self) -> frozenset[int]:
        ids: set[int] = set()
        for region_ids, _department in self.grants:
            ids |= region_ids
        return frozenset(ids)

    def item_filter(self) -> Q:
        if self.unrestricted:
            return Q()
        condition = Q(pk__in=[])
        for region_ids, department_id in self.grants:
            grant = Q(region_id__in=region_ids)
            if department_id:
                grant &= Q(department_id=department_id)
            condition |= grant
        return condition

    def allows(self, region_id, department_id) -> bool:
        if self.unrestricted:
            return True
        return any(
            region_id in region_ids and grant_department in (None, department_id)
            for region_ids, grant_department in self.grants
        )


def scope_for(user) -> Scope:
    """The user's scope, computed once per user object."""
    cached = getattr(user, "_catalogue_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    if user is not None:
        user._catalogue_scope = scope
    return scope


def _compute_scope(user) -> Scope:
    from .models import EditorScope, Region

    if user is None or not user.is_authenticated or not user.is_active:
        return Scope(unrestricted=False)
    if user.is_superuser:
        return Scope(unrestricted=True)
    grants = []
    for scope in EditorScope.objects.filter(group__user=user).select_related("region"):
        region_ids = frozenset(Region.objects.subtree_ids(scope.region))
        grants.append((region_ids, scope.department_id))
    return Scope(unrestricted=False, grants=tuple(grants))
