"""Backend-neutral search requests and results."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200
# Control characters mean nothing in a search and PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_PER_PAGE = 50
# Deeper pages help nobody and an offset past a bigint fails the query.
MAX_PAGE = 1000


@dataclass(frozen=True)
class SearchRequest:
    q: str
    region: str = ""  # preferred region code: ranked first, others not hidden
    kinds: tuple[str, ...] = ()  # empty = every kind
    filters: dict[str, str] = field(default_factory=dict)  # facet name -> value
    page: int = 1
    per_page: int = 10

    def __post_init__(self):
        q = _CONTROL.sub(" ", self.q or "").strip()[:MAX_QUERY_LENGTH]
        object.__setattr__(self, "q", q)
        object.__setattr__(self, "region", _CONTROL.sub("", self.region or ""))
        object.__setattr__(
            self,
            "filters",
            {name: _CONTROL.sub("", value) for name, value in self.filters.items()},
        )
        object.__setattr__(self, "page", min(MAX_PAGE, max(1, int(self.page))))
        object.__setattr__(
            self, "per_page", min(MAX_PER_PAGE, max(1, int(self.per_page)))
        )

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class Hit:
    doc_id: str
    kind: str
    code: str
    title: str
    url: str
    score: float
    highlight: str = ""
    region_code: str = ""
    region_name: str = ""
    department: str = ""


@dataclass(frozen=True)
class SearchResults:
    count: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # facet name -> value -> display name, where values are codes (region).
    facet_labels: dict[str, dict[str, str]] = field(default_factory=dict)
