"""Anonymous search statistics: what citizens look for, and what they open.

Nothing personal is stored: no IP address, user, session or cookie — only
the normalised query text, the document opened, the day, and counters.
``ClickStat`` feeds the popularity prior of ranking (``click_shares``,
``query_click_shares``): clicks decay with a half-life of
``CLICK_HALF_LIFE_DAYS`` and count for ``CLICK_WINDOW_DAYS`` at most.
"""

import re
from collections import defaultdict
from datetime import timedelta

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_STORED_QUERY = 100
_SPACES = re.compile(r"\s+")


class QueryStat(models.Model):
    query = models.CharField(_("query"), max_length=MAX_STORED_QUERY)
    day = models.DateField(_("day"))
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches without results"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        app_label = "search"
        verbose_name = _("query statistic")
        verbose_name_plural = _("query statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["query", "day"], name="querystat_unique_day"
            )
        ]
        indexes = [models.Index(fields=["day", "query"])]

    def __str__(self):
        return f"{self.query} ({self.day})"


def normalise_query(text: str) -> str:
    return _SPACES.sub(" ", (text or "").strip()).lower()[:MAX_STORED_QUERY]


def _bump(query: str, **increments) -> None:
    query = normalise_query(query)
    if not query:
        return
    stat, _created = QueryStat.objects.get_or_create(
        query=query, day=timezone.localdate()
    )
    QueryStat.objects.filter(pk=stat.pk).update(
        **{name: F(name) + amount for name, amount in increments.items()}
    )


def record_search(query: str, result_count: int) -> None:
    _bump(query, searches=1, zero_results=0 if result_count else 1)


def record_click(query: str, doc_id: str = "") -> None:
    _bump(query, clicks=1)
    doc_id = (doc_id or "")[:MAX_DOC_ID]
    if doc_id and ":" in doc_id:
        stat, _created = ClickStat.objects.get_or_create(
            query=normalise_query(query), doc_id=doc_id, day=timezone.localdate()
        )
        ClickStat.objects.filter(pk=stat.pk).update(clicks=F("clicks") + 1)


MAX_DOC_ID = 200
CLICK_HALF_LIFE_DAYS = 30
CLICK_WINDOW_DAYS = 180


class ClickStat(models.Model):
    """Result clicks per query, document and day (no personal data)."""

    query = models.CharField(_("query"), max_length=MAX_STORED_QUERY, blank=True)
    doc_id = models.CharField(_("document id"), max_length=MAX_DOC_ID)
    day = models.DateField(_("day"))
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        app_label = "search"
        verbose_name = _("click statistic")
        verbose_name_plural = _("click statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["query", "doc_id", "day"], name="clickstat_unique_day"
            )
        ]
        indexes = [
            models.Index(fields=["query", "day"]),
            models.Index(fields=["day"]),
        ]

    def __str__(self):
        return f"{self.doc_id} ← {self.query} ({self.day})"


def click_shares() -> dict[str, float]:
    """doc_id → its decayed clicks over all queries, the most clicked = 1."""
    return _shares(ClickStat.objects.all())


def query_click_shares(
    query: str, clicked: frozenset[str] | None = None
) -> dict[str, float]:
    """doc_id → its decayed clicks for this very query, the most clicked = 1.

    ``clicked`` (``clicked_queries()``) spares the read for the many queries
    nobody ever clicked a result of.
    """
    query = normalise_query(query)
    if not query or (clicked is not None and query not in clicked):
        return {}
    return _shares(ClickStat.objects.filter(query=query))


CLICKED_QUERIES_LIMIT = 50_000


def clicked_queries() -> frozenset[str]:
    """Queries with result clicks in the window (the most clicked first, bounded)."""
    since = timezone.localdate() - timedelta(days=CLICK_WINDOW_DAYS)
    rows = (
        ClickStat.objects.filter(day__gte=since)
        .values("query")
        .annotate(total=models.Sum("clicks"))
        .order_by("-total")
        .values_list("query", flat=True)[:CLICKED_QUERIES_LIMIT]
    )
    return frozenset(rows)


def _shares(rows) -> dict[str, float]:
    today = timezone.localdate()
    since = today - timedelta(days=CLICK_WINDOW_DAYS)
    totals: dict[str, float] = defaultdict(float)
    for doc_id, day, clicks in rows.filter(day__gte=since).values_list(
        "doc_id", "day", "clicks"
    ):
        age = max(0, (today - day).days)
        totals[doc_id] += clicks * 0.5 ** (age / CLICK_HALF_LIFE_DAYS)
    top = max(totals.values(), default=0.0)
    return {doc_id: value / top for doc_id, value in totals.items()} if top else {}
