"""Workbooks to download: the blank template, filtered exports, run reports."""

from __future__ import annotations

import tempfile

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from .. import mappings
from ..export import export_items
from ..forms import ExportForm
from ..issues import ImportFileError
from ..report import write_report
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


class ReportView(RunMixin, View):
    """The run's input workbook with each row's outcome added."""

    def get(self, request, *args, **kwargs):
        run = self.run
        outcomes = run.outcomes.all()
        with run.file.open("rb") as handle:
            header_rows = _header_rows(handle)
            stem = run.file_name.rsplit(".", 1)[0]
            return xlsx_response(
                lambda stream: write_report(
                    handle, outcomes.iterator(), stream, header_rows=header_rows
                ),
                f"{stem}-report.xlsx",
            )


def _header_rows(handle) -> dict[str, int]:
    try:
        previews = mappings.detect_sheets(handle)
    except ImportFileError:
        return {}
    return {p.name: p.layout.header_rows[-1] for p in previews if p.layout.header_rows}
