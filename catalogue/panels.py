from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class RuleWarningsPanel(Panel):
    """Lists the soft consistency rules the saved item breaks (never blocks)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Consistency warnings"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "rule_warnings"

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalogue/admin/rule_warnings_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["warnings"] = (
                instance.warnings() if instance and instance.pk else []
            )
            return context


class ItemKpiPanel(Panel):
    """The saved item's own KPIs: materials waived and time compression."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("This item's KPIs"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "item_kpis"

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalogue/admin/item_kpi_panel.html"

        def get_context_data(self, parent_context=None):
            from .kpis import item_kpis

            context = super().get_context_data(parent_context)
            instance = self.instance
            context["report"] = (
                item_kpis(instance) if instance and instance.pk else None
            )
            return context
