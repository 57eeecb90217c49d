"""Workbooks to download: the blank template, filtered exports, run reports."""

from __future__ import annotations

import tempfile

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from .. import services
from ..export import export_items
from ..forms import ExportForm
from ..template import write_template
from .access import ImportPermissionMixin
from .runs import ImportAdminMixin, RunMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Workbooks are built in a spooled temporary file: in memory while small,
# on disk when large, so an export of every item never sits in memory.
SPOOL_BYTES = 8 * 1024 * 1024


def xlsx_response(write, filename: str) -> FileResponse:
    """Call ``write(stream)`` and send the stream as an attachment."""
    # FileResponse closes the stream once it is sent.
    stream = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    write(stream)
    stream.seek(0)
    return FileResponse(
        stream, as_attachment=True, filename=filename, content_type=XLSX
    )


class TemplateDownloadView(ImportPermissionMixin, View):
    def get(self, request):
        return xlsx_response(write_template, "import-template.xlsx")


class ExportView(ImportAdminMixin, FormView):
    """Filter items like the item listing and download them in the import layout.

    The filters are GET parameters named as in the item listing (``region``,
    ``department``, ``status``: ids and codes), so a link from a filtered
    listing exports the same items; ``download=1`` sends the workbook.
    """

    template_name = "imports/admin/export.html"
    form_class = ExportForm
    page_title = gettext_lazy("Export items")

    def get_form_kwargs(self):
        return {"data": self.request.GET or None, "user": self.request.user}

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if request.GET.get("download") and form.is_valid():
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            return xlsx_response(
                lambda stream: export_items(form.items(), stream),
                f"items-{stamp}.xlsx",
            )
        return self.render_to_response(self.get_context_data(form=form))


class ReportView(RunMixin, TemplateView):
    """The run's input workbook with each row's outcome added.

    Built in the background on first request (see ``run_reports``); until
    it is ready the page says so and reloads itself.
    """

    template_name = "imports/admin/report_pending.html"
    page_title = gettext_lazy("Preparing the report")

    def get(self, request, *args, **kwargs):
        run = self.run
        if services.request_report(run, language=get_language()):
            return FileResponse(
                run.report.open("rb"),
                as_attachment=True,
                filename=services.report_name(run),
                content_type=XLSX,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(error=services.report_error(self.run), **kwargs)
