"""Admin screens: search analytics and importing synonym groups from xlsx."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Sum
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .analytics import QueryStat
from .synonyms_io import SynonymImportError, import_synonym_workbook

ANALYTICS_DAYS = 30
ANALYTICS_ROWS = 50


class SearchAnalyticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/analytics.html"
    page_title = gettext_lazy("Search analytics")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("search.view_querystat"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        since = timezone.localdate() - timedelta(days=ANALYTICS_DAYS)
        totals = (
            QueryStat.objects.filter(day__gte=since)
            .values("query")
            .annotate(
                searches=Sum("searches"), zero=Sum("zero_results"), clicks=Sum("clicks")
            )
        )
        context.update(
            days=ANALYTICS_DAYS,
            top_queries=[
                _with_ctr(r) for r in totals.order_by("-searches")[:ANALYTICS_ROWS]
            ],
            zero_queries=list(
                totals.filter(zero__gt=0).order_by("-zero")[:ANALYTICS_ROWS]
            ),
            # Found something, yet nobody opened a result: the words may
            # mean something the catalogue calls otherwise (a synonym
            # candidate) or the ranking may miss what was meant.
            no_click_queries=list(
                totals.filter(clicks=0, searches__gt=F("zero")).order_by("-searches")[
                    :ANALYTICS_ROWS
                ]
            ),
        )
        return context


def _with_ctr(row):
    row["ctr"] = row["clicks"] / row["searches"] if row["searches"] else None
    return row


class SynonymImportForm(forms.Form):
    workbook = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        help_text=gettext_lazy(
            "One synonym group per row: the words in the first column, separated by =."
        ),
    )


class SynonymImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "search/admin/synonym_import.html"
    page_title = gettext_lazy("Import synonym groups")
    form_class = SynonymImportForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("search.add_synonymgroup"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            created = import_synonym_workbook(form.cleaned_data["workbook"])
        except SynonymImportError as exc:
            form.add_error("workbook", str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(count)s synonym groups imported.") % {"count": created}
        )
        return redirect("search_synonyms:index")
