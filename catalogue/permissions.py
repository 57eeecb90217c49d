"""Region-scoped permission policies for the Wagtail admin.

Model permissions (add/change/publish …) still come from Django groups; on
top of them an editor acts only on objects inside their ``EditorScope``.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from .scoping import scope_for


class RegionScopedPermissionPolicy(ModelPermissionPolicy):
    """Items: the user's scope decides which instances the model permission covers."""

    def _in_scope(self, user, instance):
        return scope_for(user).allows(instance.region_id, instance.department_id)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._in_scope(
            user, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return instances.filter(scope_for(user).item_filter())


class RegionListPermissionPolicy(ModelPermissionPolicy):
    """High-frequency lists: one per region; editors touch their regions' lists."""

    def _in_scope(self, user, instance):
        scope = scope_for(user)
        return scope.unrestricted or instance.region_id in scope.region_ids

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._in_scope(
            user, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        scope = scope_for(user)
        if scope.unrestricted:
            return instances
        return instances.filter(region_id__in=scope.region_ids)
