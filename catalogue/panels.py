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


class ReviewStatusPanel(Panel):
    """Where the item's review stands, and the reviewer's comment when changes
    were requested (the editor should not have to open the history to find it)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Review"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "review_status"

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalogue/admin/review_status_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk and self._state())

        def _state(self):
            return self.instance.current_workflow_state

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            state = self._state()
            task_state = state.current_task_state if state else None
            context.update(
                workflow_state=state,
                task_state=task_state,
                needs_changes=bool(
                    state and state.status == state.STATUS_NEEDS_CHANGES
                ),
            )
            return context
