"""Admin wiring of the import screens: URLs and an Import / export menu."""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button

from . import views
from .views.access import can_import


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


class ImportSubmenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("imports/", include((views.urlpatterns, "imports"), namespace="imports"))
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu():
    entries = [
        (_("Import a workbook"), "imports:upload", "upload"),
        (_("Import history"), "imports:index", "history"),
        (_("Export items"), "imports:export", "download"),
        (_("Blank template"), "imports:template", "doc-empty"),
    ]
    items = [
        ImportMenuItem(label, reverse_lazy(url), icon_name=icon, order=100 * n)
        for n, (label, url, icon) in enumerate(entries, start=1)
    ]
    return ImportSubmenuItem(
        _("Import / export"),
        Menu(items=items),
        icon_name="upload",
        name="imports",
        order=160,
    )


@hooks.register("register_service_item_listing_buttons")
def export_filtered_items_button(request):
    """ "Export in import layout" on the item listing, keeping its filters."""
    if not can_import(request.user):
        return []
    query = request.GET.copy()
    query.pop("p", None)
    query["download"] = "1"
    url = f"{reverse('imports:export')}?{query.urlencode()}"
    return [
        Button(_("Export in import layout"), url=url, icon_name="download", priority=70)
    ]
