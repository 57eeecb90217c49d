"""The import wizard: upload → mapping → dry-run diff → confirm → progress → result.

Views stay thin: the engine (``imports.services``) creates, plans and runs
an ``ImportRun``; the import itself runs as a django-tasks task so the
browser only polls its progress.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from catalogue import services as catalogue
from catalogue.indexing import enqueue_in_transaction

from .. import mappings, services
from ..forms import (
    ConfirmForm,
    MappingForm,
    UploadForm,
    ValueMappingForm,
    region_choices,
)
from ..issues import ImportFileError
from ..models import ImportRun
from ..tasks import plan_run_task, run_import_task
from .access import ImportPermissionMixin, run_or_404, visible_runs
from .display import change_outcomes, change_row, plan_overview

PAGE_SIZE = 50


class ImportAdminMixin(ImportPermissionMixin, WagtailAdminTemplateMixin):
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("imports:index"), "label": _("Import")},
            {"url": "", "label": self.get_page_title()},
        ]


class RunMixin(ImportAdminMixin):
    """A view of one run the user may see (404 otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.run = run_or_404(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.run.file_name

    def get_context_data(self, **kwargs):
        return super().get_context_data(run=self.run, **kwargs)


class HistoryView(ImportAdminMixin, TemplateView):
    template_name = "imports/admin/history.html"
    page_title = gettext_lazy("Import")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Import")}]

    def get_context_data(self, **kwargs):
        runs = visible_runs(self.request.user)
        region = self.request.GET.get("region", "")
        if region:
            runs = runs.filter(region_code=region)
        page = Paginator(runs, PAGE_SIZE).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            page=page,
            region=region,
            regions=region_choices(self.request.user),
            **kwargs,
        )


class UploadView(ImportAdminMixin, FormView):
    template_name = "imports/admin/upload.html"
    form_class = UploadForm
    page_title = gettext_lazy("Upload a workbook")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        run = services.create_run(
            uploaded_file=upload,
            file_name=upload.name,
            user=self.request.user,
            region=form.cleaned_data["region"],
            allowed_regions=catalogue.region_codes_for_user(self.request.user),
        )
        return redirect("imports:mapping", pk=run.pk)


class MappingView(RunMixin, FormView):
    """Show each sheet's detected columns; the editor may correct them."""

    template_name = "imports/admin/mapping.html"
    form_class = MappingForm
    page_title = gettext_lazy("Check the columns")

    def get(self, request, *args, **kwargs):
        if self.run.status != ImportRun.Status.PENDING:
            return redirect(_next_step(self.run))
        self.read_sheets()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.run.status != ImportRun.Status.PENDING:
            return redirect(_next_step(self.run))
        self.read_sheets()
        return super().post(request, *args, **kwargs)

    def read_sheets(self) -> None:
        """The detected (or remembered) columns of every sheet, or why there are none."""
        self.file_error, self.previews = "", []
        try:
            with self.run.file.open("rb") as handle:
                self.previews = mappings.detect_sheets(handle)
        except ImportFileError as error:
            self.file_error = str(error)
        else:
            mappings.apply_remembered(self.previews, self.run.region_code)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "previews": self.previews}

    def get_context_data(self, **kwargs):
        return super().get_context_data(file_error=self.file_error, **kwargs)

    def form_valid(self, form):
        if self.file_error:
            return self.form_invalid(form)
        chosen = form.chosen
        mappings.remember(self.run.region_code, self.previews, chosen)
        self.run.mapping = mappings.overrides(self.previews, chosen) or None
        self.run.values = mappings.all_remembered_values(self.run.region_code) or None
        _replan(self.run, ["mapping", "values"])
        return redirect("imports:progress", pk=self.run.pk)


class ValuesView(RunMixin, FormView):
    """Values the columns could not read, per column: the editor says what they mean.

    The choice is remembered for the region and column, and the run is
    planned again, so the preview shows the workbook as now read.
    """

    template_name = "imports/admin/values.html"
    form_class = ValueMappingForm
    page_title = gettext_lazy("Map unread values")

    def get(self, request, *args, **kwargs):
        if self.run.status != ImportRun.Status.PLANNED:
            return redirect(_next_step(self.run))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.run.status != ImportRun.Status.PLANNED:
            return redirect(_next_step(self.run))
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        unread = (self.run.summary or {}).get("unread_values", {})
        return {**super().get_form_kwargs(), "unread": unread}

    def form_valid(self, form):
        values = dict(self.run.values or {})
        for kind, chosen in form.chosen.items():
            mappings.remember_values(self.run.region_code, kind, chosen)
            for name, table in chosen.items():
                key = name if kind == "items" else f"{kind}:{name}"
                values[key] = {**values.get(key, {}), **table}
        self.run.values = values or None
        _replan(self.run, ["values"])
        return redirect("imports:progress", pk=self.run.pk)


def _replan(run: ImportRun, fields: list[str]) -> None:
    run.status = ImportRun.Status.RUNNING
    with transaction.atomic():  # the run is "running" only with its task queued
        run.save(update_fields=[*fields, "status"])
        enqueue_in_transaction(plan_run_task, run.pk)


class PreviewView(RunMixin, TemplateView):
    """The dry run: counts, a paged list of changes, errors and warnings."""

    template_name = "imports/admin/preview.html"
    page_title = gettext_lazy("Review the changes")
    tabs = ("changes", "errors", "warnings")

    def get(self, request, *args, **kwargs):
        if self.run.status != ImportRun.Status.PLANNED:
            return redirect(_next_step(self.run))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        tab = self.request.GET.get("tab")
        tab = tab if tab in self.tabs else "changes"
        if tab == "changes":
            page = _change_page(self.run, self.request.GET.get("p"))
        else:
            rows = self.run.outcomes.filter(outcome=tab.removesuffix("s"))
            page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            tab=tab,
            page=page,
            overview=plan_overview(self.run),
            unread=_unread_count(self.run),
            form=kwargs.get("form") or ConfirmForm(),
            **kwargs,
        )


class ConfirmView(RunMixin, View):
    """Start the import of a planned run as a background task."""

    def post(self, request, *args, **kwargs):
        if self.run.status != ImportRun.Status.PLANNED:
            return redirect(_next_step(self.run))
        form = ConfirmForm(request.POST)
        form.is_valid()
        self.run.skip_invalid = form.cleaned_data.get("skip_invalid", False)
        self.run.status = ImportRun.Status.RUNNING
        with transaction.atomic():
            self.run.save(update_fields=["skip_invalid", "status"])
            enqueue_in_transaction(run_import_task, self.run.pk)
        return redirect("imports:progress", pk=self.run.pk)


class ProgressView(RunMixin, TemplateView):
    template_name = "imports/admin/progress.html"
    page_title = gettext_lazy("Importing")

    def get(self, request, *args, **kwargs):
        if self.run.status != ImportRun.Status.RUNNING:
            return redirect(_next_step(self.run))
        return super().get(request, *args, **kwargs)


class StatusView(RunMixin, View):
    """JSON for the progress bar."""

    def get(self, request, *args, **kwargs):
        run = self.run
        done, total = services.run_progress(run)
        return JsonResponse(
            {
                "status": run.status,
                "done": done,
                "total": total,
                "percent": 100
                if run.is_finished
                else (min(100, round(100 * done / total)) if total else 0),
                "finished": run.is_finished,
                "result_url": reverse("imports:result", args=[run.pk]),
                # Where to look next: the preview after planning, the result at the end.
                "next_url": _next_step(run),
            }
        )


class ResultView(RunMixin, TemplateView):
    template_name = "imports/admin/result.html"
    page_title = gettext_lazy("Import result")

    def get(self, request, *args, **kwargs):
        if not self.run.is_finished:
            return redirect(_next_step(self.run))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        tab = "changes" if self.request.GET.get("tab") == "changes" else "problems"
        if tab == "changes":
            page = _change_page(self.run, self.request.GET.get("p"))
        else:
            # "error" < "skipped" < "warning": what blocked the import comes first.
            rows = self.run.outcomes.filter(
                outcome__in=("error", "warning", "skipped")
            ).order_by("outcome", "sheet", "row", "pk")
            page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            tab=tab, page=page, overview=plan_overview(self.run), **kwargs
        )


def _unread_count(run: ImportRun) -> int:
    unread = (run.summary or {}).get("unread_values", {})
    return sum(len(values) for table in unread.values() for values in table.values())


def _change_page(run: ImportRun, number):
    """One page of new and changed items, read from the database page by page."""
    page = Paginator(change_outcomes(run), PAGE_SIZE).get_page(number)
    page.object_list = [change_row(outcome) for outcome in page.object_list]
    return page


def _next_step(run: ImportRun) -> str:
    """Where a run in its current state is looked at."""
    steps = {
        ImportRun.Status.PENDING: "imports:mapping",
        ImportRun.Status.PLANNED: "imports:preview",
        ImportRun.Status.RUNNING: "imports:progress",
    }
    return reverse(steps.get(run.status, "imports:result"), args=[run.pk])
