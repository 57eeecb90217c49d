"""The document contract every searchable source shares.

``SearchDocument`` is the one document type: sources build it, tasks carry
it as a plain dict and backends index it.  ``DocumentSource`` is the one
declaration of a source (its kind, label and facets, and how to list and
bulk-read its documents); search derives its type filter, facet lists and
labels, and bulk re-indexing from the registered sources.  ``Facet``
declares a facet a source's documents set.

``document_changed`` (one document; ``None`` = remove) and
``documents_changed`` (many ``doc_ids`` after a bulk write) are the change
signals of every source.  Receivers queue their work with
``enqueue_in_transaction``, so it runs if and only if the change commits.

Stable within a minor version: fields may be added, never renamed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime

from django.db import transaction
from django.dispatch import Signal

document_changed = Signal()
documents_changed = Signal()


def enqueue_in_transaction(task, *args, **kwargs) -> None:
    """Queue ``task`` so that it runs if, and only if, the current transaction commits.

    A backend that keeps tasks in the site database writes the task row in
    that very transaction: a process killed right after commit still leaves
    the task for the worker.  Any other backend (the demo's in-process one)
    is handed the task at commit, so it never acts on a change that is
    rolled back; the worker's reconciliation covers a crash in between.
    """
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


@dataclass(frozen=True)
class SearchDocument:
    doc_id: str
    kind: str
    code: str
    title: str
    url: str
    language: str = "zh-hans"
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    body: str = ""
    summary: str = ""
    region_code: str = ""
    region_name: str = ""
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    boost: float = 1.0
    updated_at: datetime | None = None
    # The 情形 of a service item (``catalogue.constants.ItemVariant``); ""
    # for documents that are not one case of a family.
    variant: str = ""

    def as_payload(self) -> dict:
        """A JSON-safe dict (task arguments); ``from_payload`` reads it back."""
        data = {f.name: getattr(self, f.name) for f in fields(SearchDocument)}
        data["aliases"] = list(self.aliases)
        data["keywords"] = list(self.keywords)
        data["facets"] = {k: list(v) for k, v in dict(self.facets).items()}
        data["updated_at"] = self.updated_at.isoformat() if self.updated_at else None
        return data

    @classmethod
    def from_payload(cls, data: Mapping) -> SearchDocument:
        known = {f.name for f in fields(SearchDocument)}
        stamp = data.get("updated_at")
        values = {k: v for k, v in data.items() if k in known}
        return cls(
            **{
                **values,
                "aliases": tuple(data.get("aliases", ())),
                "keywords": tuple(data.get("keywords", ())),
                "facets": {k: tuple(v) for k, v in data.get("facets", {}).items()},
                "updated_at": datetime.fromisoformat(stamp) if stamp else None,
            }
        )


# Guide parts a question may ask about (需要带什么 → materials, 要多少钱 → fees …).
ANSWER_PARTS = ("materials", "fees", "time_limit", "place", "conditions", "process")


@dataclass(frozen=True)
class AnswerLine:
    text: str
    note: str = ""  # e.g. 免提交（电子证照） or 容缺受理 next to a material


@dataclass(frozen=True)
class Answer:
    """One part of a guide, read fresh when a question asks for it."""

    part: str  # one of ANSWER_PARTS
    heading: str
    lines: tuple[AnswerLine, ...]
    url: str  # the full guide (the part's anchor where it has one)


@dataclass(frozen=True)
class Facet:
    """A facet a source's documents set: its name, label and value labels.

    ``values`` labels coded values (online depth "3" → its level); values
    without a label are shown as they are (department names, topics).
    """

    name: str
    label: str
    values: Mapping[str, str] = field(default_factory=dict)


class DocumentSource:
    """One searchable source; subclass it and list it in ``SEARCH_DOCUMENT_SOURCES``.

    Declare ``kind`` (the ``type`` facet value and the ``doc_id`` prefix),
    ``label`` (what results call one of them) and ``facets``; implement
    ``iter_documents`` (every public document), ``document_for`` (one object)
    and ``documents_for_keys`` (bulk: the public documents among some keys;
    an absent key means "not public any more").  ``stamps`` is optional
    (cheap reconciliation); ``answer_for`` answers a question about one part
    of a document (``ANSWER_PARTS``) where the source can.
    """

    kind: str = ""
    label: str = ""
    facets: tuple[Facet, ...] = ()

    def iter_documents(self) -> Iterator[SearchDocument]:
        raise NotImplementedError

    def document_for(self, obj) -> SearchDocument | None:
        raise NotImplementedError

    def documents_for_keys(self, keys: list[str]) -> Iterator[SearchDocument]:
        raise NotImplementedError

    def documents_for(self, doc_ids: Iterable[str]) -> Iterator[SearchDocument]:
        """Documents of the public objects among ``doc_ids`` (other kinds ignored)."""
        keys = [key for key in map(self.key, doc_ids) if key is not None]
        return self.documents_for_keys(keys) if keys else iter(())

    def answer_for(self, doc_id: str, part: str) -> Answer | None:
        return None

    def doc_id(self, key) -> str:
        return f"{self.kind}:{key}"

    def key(self, doc_id: str) -> str | None:
        """The key inside one of this source's ``doc_id``s (None for others)."""
        kind, _sep, key = str(doc_id).partition(":")
        return key if kind == self.kind and key else None
