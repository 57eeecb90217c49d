"""The form definitions' permission policy: model permissions from groups,
instances limited to the editor's regions (``scoping``)."""

from wagtail.permission_policies import ModelPermissionPolicy

from .scoping import can_edit, editable_definitions, readable_definitions

_READ_ACTIONS = {"view"}


class RegionFormPermissionPolicy(ModelPermissionPolicy):
    def _allowed(self, user, action, instance):
        if action in _READ_ACTIONS:
            return readable_definitions(user).filter(pk=instance.pk).exists()
        return can_edit(user, instance)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._allowed(
            user, action, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance)
            for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if set(actions) <= _READ_ACTIONS:
            return readable_definitions(user, instances)
        return editable_definitions(user, instances)
