"""The Elasticsearch backend (chosen when ``ELASTICSEARCH_URL`` is set).

Reads and writes go through an alias (``SEARCH_ELASTICSEARCH_INDEX``).
``rebuild`` builds a fresh ``<alias>-<timestamp>`` index, bulk-loads it,
swaps the alias in one atomic request and then drops the older indexes, so
searches never see a half-built index.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cached_property

from elasticsearch import ApiError, NotFoundError, TransportError, helpers

from ... import conf
from ...analysis import analyze_query
from ...analysis.understanding import understand
from ...query import Hit, SearchRequest, SearchResults, SearchUnavailable
from .. import base, ranking
from ..fulltext import safe_tokens
from ..highlighting import Highlighter
from . import actions, queries
from .mapping import build_index

logger = logging.getLogger(__name__)

EMPTY_RESPONSE = {"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}}
REGION_BOOST = 1.6
NAMED_REGION_BOOST = 2.5
CHUNK_SIZE = 500
REQUEST_TIMEOUT = 10
STAMP_FORMAT = "%Y%m%d%H%M%S%f"
STAMP_DIGITS = 20


class ElasticBackend:
    """Satisfies ``search.protocols.SearchBackend``."""

    # Failed requests since the process started (logged with each failure).
    failures = 0

    def __init__(
        self, url: str = "", alias: str = "", native: str | None = None, client=None
    ):
        self.url = url or conf.elasticsearch_url()
        self.alias = alias or conf.elasticsearch_index()
        self.native = conf.elasticsearch_analyzer() if native is None else native
        if client is not None:
            self.client = client

    @cached_property
    def client(self):
        from elasticsearch import Elasticsearch

        options = conf.elasticsearch_client_options()
        if self.url != conf.elasticsearch_url():
            options["hosts"] = [self.url]
        return Elasticsearch(**options)

    def health(self) -> tuple[bool, str]:
        """The cluster answers and the alias exists (readiness)."""
        try:
            if not self.client.ping():
                return False, "Elasticsearch does not answer"
            if not self.client.indices.exists_alias(name=self.alias):
                return False, f"alias {self.alias} missing: run rebuild_search_index"
        except (ApiError, TransportError, OSError) as exc:
            return False, f"Elasticsearch: {type(exc).__name__}"
        return True, "ok"

    # --- writing -----------------------------------------------------------
    def rebuild(self, documents: Iterable) -> int:
        """New index, bulk load, atomic alias swap, old indexes dropped."""
        name = self.new_index_name()
        build_index(name, self.native).create(using=self.client)
        count, _errors = helpers.bulk(
            self.client,
            actions.index_actions(name, documents),
            chunk_size=CHUNK_SIZE,
            refresh="wait_for",
        )
        self.client.indices.update_aliases(actions=self.swap_actions(name))
        self.drop_old_indexes(keep=name)
        base.forget()
        return count

    def new_index_name(self) -> str:
        stamp = datetime.now(UTC).strftime(STAMP_FORMAT)
        return f"{self.alias}-{stamp}"

    def swap_actions(self, name: str) -> list[dict]:
        """Point the alias at ``name`` only, in one request."""
        swap: list[dict] = [
            {"remove": {"index": old, "alias": self.alias}}
            for old in self.aliased_indexes()
        ]
        if self.client.indices.exists(index=self.alias) and not swap:
            # A plain index under the alias name (created by hand) goes too.
            swap.append({"remove_index": {"index": self.alias}})
        swap.append({"add": {"index": name, "alias": self.alias}})
        return swap

    def aliased_indexes(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    def drop_old_indexes(self, keep: str) -> None:
        """Earlier ``<alias>-<timestamp>`` indexes (never another alias's)."""
        own = re.compile(rf"^{re.escape(self.alias)}-\d{{{STAMP_DIGITS}}}$")
        found = self.client.indices.get(index=f"{self.alias}-*", allow_no_indices=True)
        for old in sorted(found):
            if old != keep and own.match(old):
                self.client.indices.delete(index=old, ignore_unavailable=True)

    def upsert(self, document) -> None:
        if not base.is_public(document):
            self.delete(document.doc_id)
            return
        self.ensure_index()
        self.client.index(
            index=self.alias,
            id=document.doc_id,
            document=actions.source(document),
            refresh="wait_for",
        )
        base.forget()

    def upsert_many(self, documents: Iterable) -> int:
        self.ensure_index()
        hidden: list[str] = []

        def public():
            # Streamed to the bulk helper: a large import's documents are
            # never all held at once; hidden ones are removed afterwards.
            for document in documents:
                if base.is_public(document):
                    yield document
                else:
                    hidden.append(document.doc_id)

        count, _errors = helpers.bulk(
            self.client,
            actions.index_actions(self.alias, public()),
            chunk_size=CHUNK_SIZE,
            refresh="wait_for",
        )
        for doc_id in hidden:
            self.delete(doc_id)
        base.forget()
        return count

    def delete(self, doc_id: str) -> None:
        with contextlib.suppress(NotFoundError):
            self.client.delete(index=self.alias, id=doc_id, refresh="wait_for")
        base.forget()

    def stamps(self) -> Iterable[tuple[str, object]]:
        """(doc_id, updated_at) of every document, for ``search.reconcile``."""
        try:
            hits = list(
                helpers.scan(
                    self.client,
                    index=self.alias,
                    query={"query": {"match_all": {}}, "_source": ["updated_at"]},
                    size=CHUNK_SIZE,
                )
            )
        except NotFoundError:
            return []
        return [(hit["_id"], hit["_source"].get("updated_at")) for hit in hits]

    def ensure_index(self) -> None:
        """An empty aliased index when none exists yet (first upsert)."""
        if not self.client.indices.exists_alias(name=self.alias):
            self.rebuild(())

    # --- reading -----------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResults:
        meaning = understand(request.q)
        plan = analyze_query(meaning.text, base.current_synonyms(), self.regions())
        marker = Highlighter.for_plan(plan)
        exact = self.exact_codes(meaning.codes, request)
        tokens = safe_tokens(plan.tokens)
        if not tokens:
            page = exact[request.offset : request.offset + request.per_page]
            return SearchResults(
                count=len(exact),
                hits=[hit_from(raw, marker) for raw in page],
                facets=base.group_facets(()),
            )
        region, boost = self.preference(request, plan)
        words = ranking.content_words(meaning.text)
        lookups = safe_tokens(ranking.frequency_tokens(words))
        missing = [t for t in lookups if t not in self._name_counts]
        body = queries.search_body(
            request,
            tokens,
            region=region,
            region_boost=boost,
            native=self.native,
            depth=ranking.DEPTH,
            count_tokens=missing,
        )
        response = self._search(body.to_dict())
        self._name_counts.update(name_counts(response, missing))
        features = ranking.query_features(
            meaning.text,
            meaning.variants,
            base.current_synonyms(),
            lambda tokens: {t: self._name_counts.get(t, 0) for t in tokens},
            self.total(),
        )
        return ranked_results(response, features, exact, request, marker)

    def exact_codes(self, codes, request: SearchRequest) -> list[dict]:
        """Raw hits of documents whose code the query typed whole."""
        if not codes:
            return []
        kinds = request.kinds or base.kinds()
        wanted = [
            f"{k}:{c}" for k in kinds for code in codes for c in {code, code.upper()}
        ]
        response = self._search(queries.exact_codes_body(request, wanted).to_dict())
        order = {doc_id: n for n, doc_id in enumerate(wanted)}
        raws = response["hits"]["hits"]
        return sorted(raws, key=lambda raw: order.get(raw["_source"]["doc_id"], 0))

    def total(self) -> int:
        def load():
            try:
                return int(self.client.count(index=self.alias)["count"])
            except NotFoundError:
                return 0
            except (ApiError, TransportError) as exc:
                raise self.unavailable("count", exc) from exc

        return base.cached(f"total:elastic:{self.alias}", load)

    @cached_property
    def _name_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        base.register_forget(counts.clear)
        return counts

    def result_window(self) -> int:
        """``index.max_result_window`` of the index (the default when unset)."""

        def load():
            try:
                found = self.client.indices.get_settings(
                    index=self.alias,
                    name="index.max_result_window",
                    include_defaults=True,
                )
            except (ApiError, TransportError):
                return conf.max_result_window()
            body = getattr(found, "body", found)
            for entry in body.values():
                for part in ("settings", "defaults"):
                    value = (
                        entry.get(part, {}).get("index", {}).get("max_result_window")
                    )
                    if value:
                        return min(int(value), conf.max_result_window())
            return conf.max_result_window()

        return base.cached(f"window:elastic:{self.alias}", load)

    def _search(self, body: dict) -> dict:
        """The response body as a plain dict; ``SearchUnavailable`` when the engine fails.

        An outage is never passed off as "nothing found": it is logged,
        counted (``failures``) and reported to the citizen as "search is
        unavailable, try again" (the API answers 503).  A missing index (not
        built yet) is an empty result.
        """
        try:
            response = self.client.search(index=self.alias, body=body)
        except NotFoundError:
            logger.warning("Elasticsearch index %s does not exist yet", self.alias)
            return EMPTY_RESPONSE
        except (ApiError, TransportError) as exc:
            raise self.unavailable("search", exc) from exc
        return getattr(response, "body", response)

    def unavailable(self, what: str, exc: Exception) -> SearchUnavailable:
        ElasticBackend.failures += 1
        logger.error(
            "Elasticsearch %s on %s failed (%d failures so far): %s",
            what,
            self.alias,
            ElasticBackend.failures,
            exc,
        )
        return SearchUnavailable(f"Elasticsearch {what} failed")

    @staticmethod
    def preference(request: SearchRequest, plan) -> tuple[str, float]:
        if plan.region_code:
            return plan.region_code, NAMED_REGION_BOOST
        return request.region, REGION_BOOST

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        typed = (prefix or "").strip().lower()[:50]
        limit = max(1, min(int(limit), 50))
        if not typed:
            return []
        response = self._search(queries.suggest_body(typed, limit).to_dict())
        return parse_suggestions(response, typed, limit)

    def popular(self, limit: int = 8, region: str = "") -> list[Hit]:
        body = queries.popular_body(max(1, min(int(limit), 50)), region).to_dict()
        response = self._search(body)
        return [hit_from(raw, Highlighter(())) for raw in response["hits"]["hits"]]

    def regions(self) -> dict[str, str]:
        """Region code → name of indexed documents, for place names in queries."""

        def load():
            body = {
                "size": 0,
                "aggs": {
                    "codes": {
                        "terms": {"field": "region_code", "size": 1000},
                        "aggs": {
                            "names": {"terms": {"field": "region_name", "size": 1}}
                        },
                    }
                },
            }
            response = self._search(body)
            return region_names(response.get("aggregations", {}).get("codes", {}))

        return base.cached(f"regions:elastic:{self.alias}", load)


def region_names(aggregation: dict) -> dict[str, str]:
    names = {}
    for bucket in aggregation.get("buckets", []):
        inner = bucket.get("names", {}).get("buckets", [])
        if bucket["key"] and inner and inner[0]["key"]:
            names[bucket["key"]] = inner[0]["key"]
    return names


def name_counts(response: dict, tokens: list[str]) -> dict[str, int]:
    """Token → document count from the ``global`` frequency aggregation."""
    if not tokens:
        return {}
    buckets = (
        response.get("aggregations", {})
        .get(queries.FREQUENCY_AGG, {})
        .get("counts", {})
        .get("buckets", {})
    )
    return {t: int(buckets.get(t, {}).get("doc_count", 0)) for t in tokens}


def ranked_results(response, features, exact, request, marker) -> SearchResults:
    """The page after the shared second stage, exact code matches first."""
    raws = {raw["_source"]["doc_id"]: raw for raw in response["hits"]["hits"]}
    candidates = [
        ranking.Candidate(
            key=doc_id,
            score=float(raw.get("_score") or 0.0),
            title=raw["_source"].get("title", ""),
            aliases=tuple(raw["_source"].get("aliases", ())),
            variant=raw["_source"].get("variant", "") or "",
            doc_id=doc_id,
        )
        for doc_id, raw in raws.items()
    ]
    ranked = ranking.rerank(candidates, features, base.popularity(request.q))
    first = [raw["_source"]["doc_id"] for raw in exact]
    for raw in exact:
        raws.setdefault(raw["_source"]["doc_id"], raw)
    order = [*first, *(key for key, _score in ranked if key not in first)]
    scores = dict(ranked)
    page = order[request.offset : request.offset + request.per_page]
    results = parse_results(response, marker)
    extra = len([d for d in first if d not in scores])
    return SearchResults(
        count=results.count + extra,
        hits=[_rescored(raws[d], scores.get(d), marker) for d in page],
        facets=results.facets,
        facet_labels=results.facet_labels,
    )


def _rescored(raw: dict, score, marker: Highlighter) -> Hit:
    hit = hit_from(raw, marker)
    if score is None:
        return hit
    from dataclasses import replace

    return replace(hit, score=round(score, 4))


def parse_results(response: dict, marker: Highlighter) -> SearchResults:
    aggregations = response.get("aggregations", {})
    rows = [
        (name, bucket["key"], bucket["doc_count"])
        for name in base.facet_names()
        for bucket in aggregations.get(name, {}).get("buckets", [])
    ]
    return SearchResults(
        count=response["hits"]["total"]["value"],
        hits=[hit_from(raw, marker) for raw in response["hits"]["hits"]],
        facets=base.group_facets(rows),
        facet_labels={"region": region_names(aggregations.get("region", {}))},
    )


def hit_from(raw: dict, marker: Highlighter) -> Hit:
    source = raw["_source"]
    highlight = marker.render(
        source.get("title", ""), source.get("aliases", []), source.get("summary", "")
    )
    passages = raw.get("highlight", {}).get("body")
    if passages and " · " not in highlight:
        highlight = f"{highlight} · {passages[0]}"
    return Hit(
        doc_id=source["doc_id"],
        kind=source["kind"],
        code=source["code"],
        title=source["title"],
        url=source["url"],
        score=round(float(raw.get("_score") or 0.0), 4),
        highlight=highlight,
        region_code=source.get("region_code", ""),
        region_name=source.get("region_name", ""),
        department=source.get("department", ""),
    )


def parse_suggestions(response: dict, typed: str, limit: int) -> list[str]:
    """The titles/aliases behind each completion option (pinyin mapped back)."""
    found: dict[str, None] = {}
    for entry in response.get("suggest", {}).get(queries.SUGGEST_NAME, []):
        for option in entry.get("options", []):
            texts = option.get("_source", {}).get("suggest_texts", {}).get("items", [])
            found.update(dict.fromkeys(matching_texts(texts, typed)))
    return list(found)[:limit]


def matching_texts(texts: list[list[str]], typed: str) -> list[str]:
    """Texts whose own words, pinyin or initials start with (or hold) ``typed``."""
    return [
        text
        for text, sound, first in texts
        if typed in text.lower() or sound.startswith(typed) or first.startswith(typed)
    ]
