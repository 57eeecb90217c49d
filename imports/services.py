"""The import app's public operations (admin views, tasks and the command call these).

``plan_import`` reads a workbook and diffs it against the database;
``import_file`` plans and applies in one go (the command); ``create_run`` /
``plan_run`` / ``run_import`` do the same for an ``ImportRun`` record the
admin shows, with per-row outcomes and a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from django.core.cache import cache
from django.core.files.base import File
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import services as catalogue

from .apply import ApplyResult, apply_plan
from .collection import fewer_collections
from .issues import ImportFileError, Issue
from .models import ImportRowOutcome, ImportRun
from .pipeline import parse_workbook
from .plan import CREATE, UPDATE, Plan, build_plan
from .run_reports import drop_report, report_error, report_name, request_report

__all__ = [
    "ImportFileError",
    "ImportOutcome",
    "Plan",
    "allowed_region_codes",
    "create_run",
    "import_file",
    "plan_import",
    "plan_run",
    "report_error",
    "report_name",
    "request_report",
    "run_import",
    "run_progress",
]

INVALID_FILE = "invalid_file"
OUTCOME_BATCH = 1000


def allowed_region_codes(user) -> set[str] | None:
    """Region codes ``user`` may import into (None: any region)."""
    return catalogue.region_codes_for_user(user)


def plan_import(
    source,
    *,
    region: str | None = None,
    user=None,
    allowed_regions=None,
    mapping: dict | None = None,
    values: dict | None = None,
) -> Plan:
    """Parse ``source`` (path or binary file) and diff it against the database.

    ``mapping`` overrides detected columns per sheet, ``values`` maps cell
    values the columns cannot read (``imports.values``).  Raises
    ``ImportFileError`` when the file cannot be read at all.
    """
    if allowed_regions is None and user is not None:
        allowed_regions = allowed_region_codes(user)
    parsed = parse_workbook(source, mapping=mapping, values=values)
    return build_plan(
        parsed,
        region=region or None,
        allowed_regions=None if allowed_regions is None else set(allowed_regions),
    )


@dataclass
class ImportOutcome:
    plan: Plan
    applied: bool
    dry_run: bool = False

    @property
    def accepted(self) -> bool:
        """Applied, or a dry run that would be."""
        return self.applied or (self.dry_run and not self.rejected)

    @property
    def rejected(self) -> bool:
        return self.plan.unreadable or (
            bool(self.plan.errors) and not self.skip_invalid
        )

    skip_invalid: bool = False

    def summary(self) -> dict:
        """The JSON summary of issue 3 (counts are what was, or would be, written)."""
        counts = self.plan.counts
        return {
            "items": {
                k: counts["items"][k] for k in ("created", "updated", "unchanged")
            },
            "materials": counts["materials"],
            "errors": [_issue_dict(i) for i in self.plan.errors],
            "warnings": [_issue_dict(i) for i in self.plan.warnings],
            "applied": self.applied,
            "dry_run": self.dry_run,
            "skipped_items": counts["items"]["skipped"],
            "created_reference": {
                key: len(rows) for key, rows in self.plan.new_reference.items()
            },
            # Per sheet kind and column, the values it could not read (value mapping).
            "unread_values": self.plan.parse.unread.as_dict(),
        }


def _issue_dict(issue: Issue) -> dict:
    return {
        "sheet": issue.sheet,
        "row": issue.row,
        "column": issue.column,
        "code": issue.code,
        "message": issue.message,
    }


def file_error_summary(error: ImportFileError) -> dict:
    """The JSON summary for a file that could not be read at all."""
    return {
        "items": {"created": 0, "updated": 0, "unchanged": 0},
        "materials": {"created": 0, "updated": 0, "unchanged": 0, "removed": 0},
        "errors": [
            {
                "sheet": "",
                "row": None,
                "column": "",
                "code": INVALID_FILE,
                "message": str(error),
            }
        ],
        "warnings": [],
        "applied": False,
    }


def import_file(
    source,
    *,
    region: str | None = None,
    user=None,
    allowed_regions=None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Callable[[int, int], None] | None = None,
    mapping: dict | None = None,
    values: dict | None = None,
) -> ImportOutcome:
    """Plan ``source`` and, unless ``dry_run``, apply it in one transaction."""
    with fewer_collections():
        plan = plan_import(
            source,
            region=region,
            user=user,
            allowed_regions=allowed_regions,
            mapping=mapping,
            values=values,
        )
        result = ApplyResult(applied=False)
        if not dry_run:
            result = apply_plan(
                plan, user=user, skip_invalid=skip_invalid, progress=progress
            )
    return ImportOutcome(
        plan=plan, applied=result.applied, dry_run=dry_run, skip_invalid=skip_invalid
    )


# --- import runs (admin) --------------------------------------------------------


def create_run(
    *,
    uploaded_file,
    file_name: str = "",
    user=None,
    region: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
    allowed_regions=None,
    mapping: dict | None = None,
) -> ImportRun:
    """Store an uploaded workbook privately and record a pending run."""
    if allowed_regions is None and user is not None:
        allowed_regions = allowed_region_codes(user)
    name = file_name or getattr(uploaded_file, "name", "") or "import.xlsx"
    run = ImportRun(
        region_code=region or "",
        user=user,
        file_name=name.rsplit("/", 1)[-1],
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        allowed_regions=None if allowed_regions is None else sorted(allowed_regions),
        mapping=mapping,
    )
    run.file.save(run.file_name, File(uploaded_file, name=run.file_name), save=False)
    run.save()
    return run


def plan_run(run_id: int) -> ImportRun:
    """Parse and diff a run's file; store the plan for the preview."""
    run = ImportRun.objects.get(pk=run_id)
    try:
        plan = _plan_for(run)
    except ImportFileError as error:
        return _fail(run, str(error))
    _store_plan(run, plan, ImportOutcome(plan, applied=False, dry_run=True))
    run.status = ImportRun.Status.PLANNED
    run.save()
    return run


def run_import(run_id: int) -> ImportRun:
    """Plan afresh and apply a run (or only plan it when it is a dry run).

    Safe to call from a background task: every outcome, including an
    unexpected failure, ends up on the run record.
    """
    run = ImportRun.objects.get(pk=run_id)
    run.status, run.started_at = ImportRun.Status.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        with fewer_collections():
            plan = _plan_for(run)
            run.progress_total = len(plan.writes)
            result = ApplyResult(applied=False)
            if not run.dry_run:
                reporter = _ProgressReporter(run)
                try:
                    result = apply_plan(
                        plan,
                        user=run.user,
                        skip_invalid=run.skip_invalid,
                        progress=reporter,
                    )
                finally:
                    reporter.close()
    except ImportFileError as error:
        return _fail(run, str(error))
    except Exception as error:
        _fail(
            run,
            _("The import failed and nothing was written: %(error)s")
            % {"error": error},
        )
        raise
    outcome = ImportOutcome(plan, result.applied, run.dry_run, run.skip_invalid)
    _store_plan(run, plan, outcome)
    run.status = _final_status(outcome)
    run.progress_done = run.progress_total if result.applied else 0
    run.finished_at = timezone.now()
    run.save()
    cache.delete(_progress_key(run.pk))
    return run


def run_progress(run: ImportRun) -> tuple[int, int]:
    """(done, total) of a run, live while it is being applied."""
    live = cache.get(_progress_key(run.pk))
    return tuple(live) if live else (run.progress_done, run.progress_total)


def _plan_for(run: ImportRun) -> Plan:
    with run.file.open("rb") as handle:
        return plan_import(
            handle,
            region=run.region_code or None,
            allowed_regions=run.allowed_regions,
            mapping=run.mapping,
            values=run.values,
        )


def _final_status(outcome: ImportOutcome) -> str:
    if outcome.applied:
        return ImportRun.Status.APPLIED
    if outcome.dry_run and not outcome.rejected:
        return ImportRun.Status.PLANNED
    return ImportRun.Status.REJECTED


def _progress_key(run_id: int) -> str:
    return f"imports:run:{run_id}:progress"


class _ProgressReporter:
    """Publish (done, total) while the import's transaction is still open.

    Row updates inside that transaction are invisible to the admin's polling
    request until commit, so progress goes to the cache (on disk or Redis,
    so shared with a separate task worker) and, on PostgreSQL, to the run's
    row through a second, autocommitting connection.  (SQLite allows one
    writer, so there the cache alone carries it.)
    """

    def __init__(self, run: ImportRun):
        self.run_id = run.pk
        self.side = _side_connection()

    def __call__(self, done: int, total: int) -> None:
        cache.set(_progress_key(self.run_id), (done, total), timeout=3600)
        if self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportRun._meta.db_table} SET progress_done = %s, "  # noqa: S608 - table name from model metadata
                    "progress_total = %s WHERE id = %s",
                    [done, total, self.run_id],
                )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _side_connection():
    from django.db import connections

    if connections["default"].vendor != "postgresql":
        return None
    return connections.create_connection("default")


def _fail(run: ImportRun, message: str) -> ImportRun:
    run.status = ImportRun.Status.FAILED
    run.message = message
    run.finished_at = timezone.now()
    run.save()
    return run


def _store_plan(run: ImportRun, plan: Plan, outcome: ImportOutcome) -> None:
    """Counts and new reference data on the run; every row's change as an outcome."""
    drop_report(run)
    run.summary = outcome.summary()
    run.counts = plan.counts
    run.plan_data = {"counts": plan.counts, "new_reference": plan.new_reference}
    run.outcomes.all().delete()
    rows = _outcome_rows(run, plan, outcome)
    # A batch at a time: bulk_create would hold one instance per row of the book.
    while batch := list(islice(rows, OUTCOME_BATCH)):
        ImportRowOutcome.objects.bulk_create(batch)


OUTCOME_OF_ACTION = {
    CREATE: ImportRowOutcome.Outcome.CREATED,
    UPDATE: ImportRowOutcome.Outcome.UPDATED,
}


def _outcome_rows(run: ImportRun, plan: Plan, outcome: ImportOutcome):
    written = outcome.applied or (outcome.dry_run and not outcome.rejected)
    for change in plan.items:
        state = OUTCOME_OF_ACTION.get(change.action, ImportRowOutcome.Outcome.UNCHANGED)
        if not written and change.action != "unchanged":
            state = ImportRowOutcome.Outcome.SKIPPED
        details = change.as_dict() if change.action == UPDATE else {}
        yield ImportRowOutcome(
            run=run,
            sheet=change.sheet,
            row=change.row,
            item_code=change.code,
            outcome=state,
            message="; ".join(name for name, _b, _a in change.changes),
            action=change.action,
            changes={k: details[k] for k in ("changes", "materials") if details.get(k)},
        )
    for issue in plan.issues:
        yield ImportRowOutcome(
            run=run,
            sheet=issue.sheet,
            row=issue.row,
            outcome=(
                ImportRowOutcome.Outcome.ERROR
                if issue.is_error
                else ImportRowOutcome.Outcome.WARNING
            ),
            column=issue.column[:255],
            code=issue.code,
            message=issue.message,
            item_code=str(issue.value)[:36] if issue.code == "out_of_scope" else "",
        )
