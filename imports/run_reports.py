"""A run's report workbook, built once in the background and kept with the run.

For a large workbook the report takes minutes to write (100,000 items: about
two), too long for a download request.  The first request queues the build
(``tasks.build_report_task``) and shows a page that waits for it; later
requests are served the stored file.  Storing new outcomes drops the report.
"""

from __future__ import annotations

import tempfile

from django.core.cache import cache
from django.core.files.base import File
from django.utils import translation

from . import mappings
from .models import ImportRun
from .report import write_report

# How long a queued build keeps others from queueing the same report.
PENDING_SECONDS = 15 * 60


def report_name(run: ImportRun) -> str:
    return f"{run.file_name.rsplit('.', 1)[0]}-report.xlsx"


def request_report(run: ImportRun, *, language: str) -> bool:
    """True when ``run``'s report is ready; otherwise queue its build once.

    A build that failed is not queued again until ``PENDING_SECONDS`` pass
    (``report_error`` says why).
    """
    if run.report:
        return True
    if report_error(run) is None and cache.add(
        _pending_key(run.pk), True, timeout=PENDING_SECONDS
    ):
        from .tasks import build_report_task

        build_report_task.enqueue(run.pk, language)
        run.refresh_from_db(fields=["report"])
    return bool(run.report)


def report_error(run: ImportRun) -> str | None:
    """Why the last build of ``run``'s report failed, if it did lately."""
    return cache.get(_failed_key(run.pk))


def build_report(run_id: int, language: str) -> None:
    """Write the report of run ``run_id`` and keep it in private storage."""
    run = ImportRun.objects.get(pk=run_id)
    try:
        with (
            translation.override(language),
            run.file.open("rb") as source,
            tempfile.TemporaryFile() as out,
        ):
            rows = mappings.header_rows(source)
            write_report(source, run.outcomes.all().iterator(), out, header_rows=rows)
            out.seek(0)
            run.report.save(report_name(run), File(out), save=False)
        ImportRun.objects.filter(pk=run.pk).update(report=run.report.name)
    except Exception as error:
        cache.set(_failed_key(run_id), str(error), timeout=PENDING_SECONDS)
        raise
    finally:
        cache.delete(_pending_key(run_id))


def drop_report(run: ImportRun) -> None:
    """Forget ``run``'s report (its outcomes are about to change)."""
    if run.report:
        run.report.delete(save=False)
    cache.delete_many([_pending_key(run.pk), _failed_key(run.pk)])


def _failed_key(run_id: int) -> str:
    return f"imports:run:{run_id}:report-failed"


def _pending_key(run_id: int) -> str:
    return f"imports:run:{run_id}:report-pending"
