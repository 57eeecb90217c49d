"""Bring the index back in line with its sources without a rebuild.

A change reaches the index through a task queued with the change; a crash
between the change's commit and that task (the in-process backend runs it
after commit), an index outage, or a lost task leaves entries missing or
stale.  ``reconcile`` compares what every source would index now — each
document's id and change stamp — with what the backend holds, re-indexes
the missing and stale documents and drops the ones no source publishes any
more.  It is idempotent: a second run right after finds nothing to do.

Sources may offer ``stamps()`` → ``(doc_id, updated_at)`` of every public
document (``ServiceItemSource`` does); stale ones are then read in bulk with
``documents_for(doc_ids)``.  A source without it is compared through
``iter_documents()``, which is fine for the few hundred guides or forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from .index import get_backend, get_sources


@dataclass(frozen=True)
class ReconcileResult:
    checked: int
    reindexed: int
    removed: int

    @property
    def repaired(self) -> int:
        return self.reindexed + self.removed

    def as_dict(self) -> dict:
        return {
            "checked": self.checked,
            "reindexed": self.reindexed,
            "removed": self.removed,
        }


def reconcile() -> ReconcileResult:
    """Re-index missing or stale documents and drop orphans; see the module doc."""
    backend = get_backend()
    # The index is read first: a document published meanwhile is then seen
    # by its source below and never mistaken for an orphan.
    indexed = {doc_id: _stamp(value) for doc_id, value in backend.stamps()}
    expected: set[str] = set()
    reindexed = 0
    for source in get_sources():
        stale = _stale_documents(source, indexed, expected)
        if stale:
            reindexed += backend.upsert_many(stale)
    orphans = sorted(set(indexed) - expected)
    for doc_id in orphans:
        backend.delete(doc_id)
    return ReconcileResult(len(expected), reindexed, len(orphans))


def _stale_documents(source, indexed: dict, expected: set) -> list:
    if hasattr(source, "stamps"):
        wanted = []
        for doc_id, stamp in source.stamps():
            expected.add(doc_id)
            if indexed.get(doc_id, _MISSING) != _stamp(stamp):
                wanted.append(doc_id)
        return list(source.documents_for(wanted)) if wanted else []
    stale = []
    for document in source.iter_documents():
        if getattr(document, "public", True) is False:
            continue
        expected.add(document.doc_id)
        if indexed.get(document.doc_id, _MISSING) != _stamp(document.updated_at):
            stale.append(document)
    return stale


_MISSING = object()


def _stamp(value) -> str | None:
    """A comparable form of a change stamp (datetime, ISO text or None)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.isoformat(timespec="microseconds")
