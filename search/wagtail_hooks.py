"""Admin wiring for search: synonym groups, their import, and analytics."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.models import CreateView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from formbuilder.services import NeutralisedExportMixin

from .admin_views import SearchAnalyticsView, SynonymImportView
from .models import SynonymGroup


class SynonymCreateView(CreateView):
    """Pre-fills the words from ``?terms=`` (the analytics "add as synonym" link)."""

    def get_initial(self):
        initial = super().get_initial()
        if terms := self.request.GET.get("terms"):
            initial["terms"] = terms[:500]
        return initial


class SynonymIndexView(NeutralisedExportMixin, IndexView):
    """Wagtail's listing, its CSV/XLSX export neutralised (OWASP)."""


class SynonymGroupViewSet(ModelViewSet):
    model = SynonymGroup
    index_view_class = SynonymIndexView
    icon = "list-ul"
    menu_label = _("Search synonyms")
    add_to_settings_menu = True
    form_fields = ["terms", "enabled"]
    list_display = ["__str__", "enabled", "updated_at"]
    list_export = ["terms", "enabled"]
    search_fields = ["terms"]
    add_view_class = SynonymCreateView


@hooks.register("register_admin_viewset")
def register_synonyms():
    return SynonymGroupViewSet("search_synonyms")


@hooks.register("register_admin_urls")
def register_search_admin_urls():
    return [
        path(
            "search-analytics/", SearchAnalyticsView.as_view(), name="search_analytics"
        ),
        path(
            "search-synonyms/import/",
            SynonymImportView.as_view(),
            name="search_synonyms_import",
        ),
    ]


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("search.view_querystat")


@hooks.register("register_reports_menu_item")
def register_analytics_menu_item():
    return AnalyticsMenuItem(
        _("Search analytics"),
        reverse("search_analytics"),
        icon_name="search",
        order=700,
    )
