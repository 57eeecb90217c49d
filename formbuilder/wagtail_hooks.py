"""Admin wiring: log actions, menus and viewsets of the form builder."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .inbox.audit import StatusChangedFormatter
from .inbox.bulk_actions import ChangeStatusBulkAction

hooks.register("register_bulk_action", ChangeStatusBulkAction)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "formbuilder.restore", _("Restore form version"), _("Form version restored")
    )
    actions.register_action(
        "formbuilder.import", _("Import form"), _("Form imported from JSON")
    )
    actions.register_action("formbuilder.status")(StatusChangedFormatter)
    actions.register_action(
        "formbuilder.correction",
        _("Correction upload"),
        _("Citizen uploaded a correction"),
    )
    actions.register_action(
        "formbuilder.material_received",
        _("Owed material handed in"),
        _("Citizen handed in an owed material"),
    )
    actions.register_action(
        "formbuilder.download", _("Download attachment"), _("Attachment downloaded")
    )
    actions.register_action(
        "formbuilder.export", _("Export submissions"), _("Submissions exported")
    )


from django.urls import include, path, reverse  # noqa: E402
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem  # noqa: E402
from wagtail.permissions import register_permission_policy  # noqa: E402
from wagtail.snippets.models import register_snippet  # noqa: E402

from . import admin_views  # noqa: E402
from .inbox import views as inbox_views  # noqa: E402
from .models import FormDefinition  # noqa: E402
from .permissions import RegionFormPermissionPolicy  # noqa: E402
from .viewsets import FormDefinitionViewSet  # noqa: E402

register_permission_policy(FormDefinition, RegionFormPermissionPolicy(FormDefinition))
form_viewset = FormDefinitionViewSet()
register_snippet(form_viewset)

admin_urlpatterns = [
    path("submissions/", inbox_views.SubmissionIndexView.as_view(), name="inbox"),
    path(
        "submissions/results/",
        inbox_views.SubmissionIndexView.as_view(results_only=True),
        name="inbox_results",
    ),
    path("submissions/<int:pk>/", inbox_views.submission_detail, name="submission"),
    path("attachments/<int:pk>/", admin_views.download, name="download"),
    path("forms/import/", admin_views.form_import, name="import"),
    path("forms/<int:pk>/versions/", admin_views.form_versions, name="versions"),
    path("forms/<int:pk>/publish/", admin_views.form_publish, name="publish"),
    path(
        "forms/<int:pk>/restore/<int:number>/", admin_views.form_restore, name="restore"
    ),
    path("forms/<int:pk>/export/", admin_views.form_export, name="export"),
    path("forms/<int:pk>/import/", admin_views.form_import, name="import_into"),
    path("forms/<int:pk>/preview/", admin_views.form_preview, name="preview"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("formbuilder/", include((admin_urlpatterns, "formbuilder_admin")))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_menu():
    items = [
        PermissionMenuItem(
            _("Forms"),
            reverse(form_viewset.get_url_name("list")),
            icon_name="form",
            order=10,
            permission="formbuilder.view_formdefinition",
        ),
        PermissionMenuItem(
            _("Submissions"),
            reverse("formbuilder_admin:inbox"),
            icon_name="tasks",
            order=20,
            permission="formbuilder.view_submission",
        ),
    ]
    return SubmenuMenuItem(
        _("Online forms"), Menu(items=items), icon_name="form", order=250
    )


@hooks.register("insert_editor_js")
def builder_choices_js():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<script src="{}" defer></script>',
        static("formbuilder/admin/builder-choices.js"),
    )
