"""Stage 6: apply a plan in one transaction.

All or nothing: with errors in the workbook nothing is written unless the
editor chose "skip invalid rows", and then every valid row is written
together.  Missing reference data is created first, then the items in
bulk (``catalogue.services.bulk_write_items``).  Search hears about the
changed items once, in the same transaction (its task runs after commit, or
is stored with the items by the database task backend); a process killed
half-way leaves the database as it was, because the single transaction
never commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from catalogue import services

from .plan import Plan


@dataclass
class ApplyResult:
    applied: bool
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)


def apply_plan(
    plan: Plan,
    *,
    user=None,
    skip_invalid: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ApplyResult:
    """Write ``plan``; returns ``applied=False`` (nothing written) when rejected."""
    if plan.unreadable or (plan.errors and not skip_invalid):
        return ApplyResult(applied=False)
    with transaction.atomic():
        services.ensure_reference_data(plan.new_reference)
        written = services.bulk_write_items(plan.writes, user=user, progress=progress)
        changed = [*written.created, *written.updated]
        if changed:
            # Inside the transaction: the index update is queued with the
            # items (durably with the database task backend).
            services.announce_items_changed(changed)
    if progress and not plan.writes:
        progress(0, 0)
    return ApplyResult(applied=True, created=written.created, updated=written.updated)
