"""Public search operations; views, the API and commands call only these.

Stable: ``search``, ``suggest``, ``rebuild_index``, ``reconcile_index``,
``apply_change``, ``apply_changes``, ``reindex_documents``, ``popular_items``,
``openapi_document``.  Requests and results are the types of ``search.query``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from . import conf, query_cache
from .analysis.understanding import understand
from .index import (
    closed_facets,
    get_backend,
    iter_all_documents,
    kind_labels,
    source_for,
)
from .protocols import SearchDocument
from .query import Hit, PageOutOfRange, SearchRequest, SearchResults

OPENAPI_FILE = Path(__file__).resolve().parent / "openapi.json"

__all__ = [
    "apply_change",
    "answer_for",
    "apply_changes",
    "backend_health",
    "openapi_document",
    "popular_items",
    "rebuild_index",
    "reconcile_index",
    "reindex_documents",
    "search",
    "suggest",
    "warm_up",
]


def search(request: SearchRequest) -> SearchResults:
    """Ranked public documents for a request; never raises on odd input.

    Raises ``PageOutOfRange`` for a page past the result window (Elasticsearch
    refuses from + size beyond ``index.max_result_window``) and
    ``SearchUnavailable`` when the engine fails — never an empty result in
    its place.  A question about one part of a guide (需要带什么, 要多少钱 …)
    gets that part of the best item's guide as ``results.answer``.

    The same request within ``SEARCH_CACHE_SECONDS`` and the same index
    generation is answered from the cache (``search.query_cache``); failures
    are never cached.
    """
    backend = get_backend()
    window = getattr(backend, "result_window", conf.max_result_window)()
    if request.offset + request.per_page > window:
        raise PageOutOfRange(max(1, window // request.per_page), window)
    return query_cache.cached(
        "results",
        query_cache.request_parts(request),
        lambda: _answered(request, backend.search(request)),
    )


def _answered(request: SearchRequest, results: SearchResults) -> SearchResults:
    parts = understand(request.q).parts if request.page == 1 else ()
    for hit in results.hits[:ANSWER_DEPTH] if parts else ():
        answer = answer_for(hit, parts)
        if answer is not None:
            return replace(results, answer=answer, answer_hit=hit)
    return results


# The answer comes from the best result that can give one (an item, not the
# guide page or video ranked above it), among the first few.
ANSWER_DEPTH = 3


def answer_for(hit: Hit, parts) -> object | None:
    """The first of ``parts`` the hit's source can answer (``catalogue.indexing.Answer``)."""
    source = source_for(hit.kind)
    if source is None or not hasattr(source, "answer_for"):
        return None
    for part in parts:
        answer = source.answer_for(hit.doc_id, part)
        if answer is not None:
            if answer.url.startswith("#"):
                answer = replace(answer, url=hit.url.split("#", 1)[0] + answer.url)
            return answer
    return None


def suggest(prefix: str, limit: int = 8) -> list[str]:
    """Titles and aliases for suggest-as-you-type (Chinese, pinyin, initials)."""
    return query_cache.cached(
        "suggest",
        (query_cache.normalise(prefix), limit),
        lambda: get_backend().suggest(prefix or "", limit),
    )


def rebuild_index(kinds: Iterable[str] = ()) -> int:
    """Re-index every document of every configured source; returns the count.

    With ``kinds``, only those sources' documents are re-read and replaced
    (in bulk); the other kinds stay as they are.
    """
    kinds = tuple(kinds)
    if not kinds:
        return get_backend().rebuild(iter_all_documents())
    unknown = set(kinds) - set(kind_labels())
    if unknown:
        raise ValueError(f"Unknown document kinds: {', '.join(sorted(unknown))}")
    backend = get_backend()
    fresh = {d.doc_id for d in iter_all_documents(kinds)}
    count = backend.upsert_many(iter_all_documents(kinds))
    for doc_id, _stamp in list(backend.stamps()):
        if doc_id.partition(":")[0] in kinds and doc_id not in fresh:
            backend.delete(doc_id)
    return count


def reindex_documents(doc_ids: Iterable[str]) -> int:
    """Re-read ``doc_ids`` from their sources in bulk; absent ones leave the index.

    Documents stream from the sources into the backend, which writes them a
    batch at a time: an import of 100,000 items never holds 100,000
    documents at once.
    """
    from .tasks import group_by_kind

    backend = get_backend()
    count, removed = 0, []
    for kind, ids in group_by_kind(doc_ids).items():
        source = source_for(kind)
        present: set[str] = set()

        def found(source=source, ids=ids, present=present):
            for document in source.documents_for(ids) if source is not None else ():
                present.add(document.doc_id)
                yield document

        count += backend.upsert_many(found())
        removed += [doc_id for doc_id in ids if doc_id not in present]
    for doc_id in removed:
        backend.delete(doc_id)
    return count


def reconcile_index():
    """Repair missing, stale and orphaned entries (``search.reconcile``); idempotent."""
    from .reconcile import reconcile

    return reconcile()


def apply_change(doc_id: str, document: SearchDocument | None) -> None:
    """Index ``document`` under ``doc_id``, or remove it when ``document`` is None."""
    if document is None:
        get_backend().delete(doc_id)
    else:
        get_backend().upsert(document)


def apply_changes(documents: Iterable[SearchDocument], removed: Iterable[str]) -> int:
    """Bulk form of ``apply_change``: index ``documents``, drop ``removed`` ids."""
    backend = get_backend()
    count = backend.upsert_many(documents)
    for doc_id in removed:
        backend.delete(doc_id)
    return count


def popular_items(limit: int = 8, region: str = "") -> list[Hit]:
    """High-frequency documents (boosted), the region's first; for empty results."""
    return query_cache.cached(
        "popular", (limit, region), lambda: get_backend().popular(limit, region)
    )


# Any query with Chinese words and a place: it loads what every search needs.
WARM_UP_QUERY = "海川 身份证办理"


def warm_up() -> None:
    """Load dictionaries and per-process context before the first citizen asks.

    The first search in a process imports pypinyin's tables and the
    segmenter's dictionary (seconds) and reads synonyms, regions and
    counts; app servers call this once per worker while booting
    (``SEARCH_WARM_UP``).  A failure is logged, never raised: the worker
    still serves, and the first search pays as before.
    """
    import logging

    from django.db import connections

    try:
        get_backend().search(SearchRequest(q=WARM_UP_QUERY))
        # The answer cache's client (Redis in production) is imported and
        # connected by its first use: about 80 ms of the first request.
        query_cache.warm_up()
    except Exception:  # a warm-up must never stop a worker
        logging.getLogger(__name__).warning("search warm-up failed", exc_info=True)
    finally:
        # The booting thread serves no request: do not keep its connection.
        connections.close_all()


def backend_health() -> tuple[bool, str]:
    """Whether the search backend can answer (for the readiness check)."""
    backend = get_backend()
    health = getattr(backend, "health", None)
    return health() if health is not None else (True, "ok")


def openapi_document() -> dict:
    """The OpenAPI 3.1 description of the search API (paths under ``/api/v1``).

    The values of ``type`` and of the code-list facets come from the sources
    (``search.index.closed_facets``), as the API checks them.
    """
    document = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    closed = closed_facets()
    for parameter in document["paths"]["/search"]["get"]["parameters"]:
        if parameter["name"] in closed:
            parameter["schema"]["enum"] = sorted(closed[parameter["name"]])
    return document
