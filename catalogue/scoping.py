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
        """Only fields the items' ``search_fields`` can filter on (region,
        department), so a search over the filtered queryset works too."""
        if self.unrestricted:
            return Q()
        condition = Q(region_id__in=[])
        for region_ids, department_id in self.grants:
            grant = Q(region_id__in=sorted(region_ids))
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


def region_subtree_codes(code: str) -> set[str]:
    """Codes of the region ``code`` and every region below it (empty if unknown)."""
    from .models import Region

    region = Region.objects.filter(code=code).first()
    if region is None:
        return set()
    ids = Region.objects.subtree_ids(region)
    return set(Region.objects.filter(pk__in=ids).values_list("code", flat=True))


def region_codes_for_user(user) -> set[str] | None:
    """Region codes an editor may change (None: every region)."""
    from .models import Region

    scope = scope_for(user)
    if scope.unrestricted:
        return None
    if any(department for _ids, department in scope.grants):
        # Department-level grants are checked item by item in the admin;
        # imports work per region, so they grant no import scope.
        ids = {
            i for region_ids, dept in scope.grants if dept is None for i in region_ids
        }
    else:
        ids = scope.region_ids
    return set(Region.objects.filter(pk__in=ids).values_list("code", flat=True))
