"""Background tasks of the import admin (django-tasks; immediate in development).

Arguments are JSON-safe: a run travels as its primary key and the task
reads everything else from the database.  Both stages that read a whole
workbook (planning and applying) run here, so no request waits for them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task


@task()
def plan_run_task(run_id: int) -> str:
    """Read and diff a run's workbook for the preview; returns its status."""
    from . import services
    from .models import ImportRun

    try:
        return services.plan_run(run_id).status
    except Exception as error:
        # The browser polls the run: it must end in a state, not stay "running".
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.FAILED,
            message=_("The workbook could not be read: %(error)s") % {"error": error},
        )
        raise


@task()
def run_import_task(run_id: int) -> str:
    """Plan afresh and apply an import run; returns its final status."""
    from . import services

    return services.run_import(run_id).status


@task()
def build_report_task(run_id: int, language: str) -> None:
    """Write a run's report workbook (see ``run_reports``)."""
    from .run_reports import build_report

    build_report(run_id, language)
