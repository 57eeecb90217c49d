"""The KPI panel on the admin dashboard, for the editor's own scope."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .kpis import compute_kpis, kpis_by
from .models import Department, Region, ServiceItem
from .scoping import scope_for


class CatalogueKpiPanel(Component):
    name = "catalogue_kpis"
    order = 50
    template_name = "catalogue/admin/kpi_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        items = ServiceItem.objects.public().filter(
            scope_for(self.request.user).item_filter()
        )
        return {
            "title": _("Catalogue KPIs"),
            "overall": compute_kpis(items),
            "regions": _named_breakdown(items, "region", Region),
            "departments": _named_breakdown(items, "department", Department),
        }


def _named_breakdown(items, field, model):
    reports = kpis_by(items, field)
    names = dict(model.objects.filter(pk__in=reports).values_list("pk", "name"))
    return sorted(
        ((names[pk], report) for pk, report in reports.items()), key=lambda p: p[0]
    )
