"""Admin wiring: menus, permission policies, dashboard panel."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .admin_panels import CatalogueKpiPanel
from .code_choosers import item_code_chooser, region_code_chooser
from .models import HighFrequencyList, ServiceHall, ServiceItem
from .permissions import RegionListPermissionPolicy, RegionScopedPermissionPolicy
from .viewsets import CatalogueViewSetGroup, EditorScopeViewSet

register_permission_policy(ServiceItem, RegionScopedPermissionPolicy(ServiceItem))
register_permission_policy(
    HighFrequencyList, RegionListPermissionPolicy(HighFrequencyList)
)
# Halls carry a region like high-frequency lists: the same scope rule fits.
register_permission_policy(ServiceHall, RegionListPermissionPolicy(ServiceHall))
register_snippet(CatalogueViewSetGroup)


@hooks.register("register_admin_viewset")
def register_editor_scope_viewset():
    return EditorScopeViewSet("editor_scopes")


@hooks.register("register_admin_viewset")
def register_code_choosers():
    return [item_code_chooser, region_code_chooser]


@hooks.register("construct_homepage_panels")
def add_kpi_panel(request, panels):
    panels.append(CatalogueKpiPanel(request))


@hooks.register("before_bulk_action")
def keep_bulk_actions_in_scope(request, action_type, objects, action_class_instance):
    from django.core.exceptions import PermissionDenied

    from .services import user_can_manage

    for obj in objects:
        if isinstance(obj, ServiceItem) and not user_can_manage(request.user, obj):
            raise PermissionDenied
