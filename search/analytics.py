"""Anonymous search statistics: what citizens look for, and what they open.

Nothing personal is stored: no IP address, user, session or cookie — only
the normalised query text, the document opened, the day, and counters.
``ClickStat`` feeds the popularity prior of ranking (``click_shares``,
``query_click_shares``): clicks decay with a half-life of
``CLICK_HALF_LIFE_DAYS`` and count for ``CLICK_WINDOW_DAYS`` at most.

Counts are gathered in the process and written every
``SEARCH_STATS_FLUSH_SECONDS`` (10; 0 writes each at once) in one
transaction: a burst of the same query would otherwise queue every request
behind one row's lock.  A process killed outright loses at most that many
seconds of counts; one that exits normally writes them first.
"""

import atexit
import contextlib
import re
import threading
import time
from collections import Counter, defaultdict
from datetime import timedelta

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_STORED_QUERY = 100
_SPACES = re.compile(r"\s+")
# A click's ``q`` comes straight from its address: no control characters
# (PostgreSQL refuses a NUL).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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
    text = _CONTROL.sub(" ", text or "")
    return _SPACES.sub(" ", text.strip()).lower()[:MAX_STORED_QUERY]


class _Pending:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts: Counter = Counter()
        self.since = time.monotonic()

    def add(self, query, day, increments) -> bool:
        """Count; True when it is time to write."""
        from django.conf import settings

        with self.lock:
            for name, amount in increments.items():
                self.counts[(query, day, name)] += amount
            interval = getattr(settings, "SEARCH_STATS_FLUSH_SECONDS", 0)
            return time.monotonic() - self.since >= interval

    def take(self) -> Counter:
        with self.lock:
            counts, self.counts = self.counts, Counter()
            self.since = time.monotonic()
            return counts


_pending = _Pending()


def _bump(query: str, **increments) -> None:
    query = normalise_query(query)
    if query and _pending.add(query, timezone.localdate(), increments):
        flush()


def take_pending() -> Counter:
    """Counts not yet written, handed over (and forgotten here)."""
    return _pending.take()


def flush() -> None:
    """Write the counts gathered so far (one transaction)."""
    from django.db import transaction

    counts = _pending.take()
    rows: dict = {}
    for (query, day, name), amount in counts.items():
        rows.setdefault((query, day), {})[name] = amount
    if not rows:
        return
    with transaction.atomic():
        for (query, day), increments in sorted(rows.items()):
            clicks = {k: v for k, v in increments.items() if isinstance(k, tuple)}
            counters = {k: v for k, v in increments.items() if not isinstance(k, tuple)}
            if counters:
                stat, _created = QueryStat.objects.get_or_create(query=query, day=day)
                QueryStat.objects.filter(pk=stat.pk).update(
                    **{name: F(name) + amount for name, amount in counters.items()}
                )
            for (_click, doc_id), amount in sorted(clicks.items()):
                click, _created = ClickStat.objects.get_or_create(
                    query=query, doc_id=doc_id, day=day
                )
                ClickStat.objects.filter(pk=click.pk).update(
                    clicks=F("clicks") + amount
                )


@atexit.register
def _flush_at_exit() -> None:
    # Exiting (the database may be gone already): nothing left to tell.
    with contextlib.suppress(Exception):
        flush()


def record_search(query: str, result_count: int) -> None:
    _bump(query, searches=1, zero_results=0 if result_count else 1)


def record_click(query: str, doc_id: str = "") -> None:
    """A click on a result; ``doc_id`` (``kind:key``) feeds the popularity prior."""
    doc_id = _CONTROL.sub("", doc_id or "")[:MAX_DOC_ID]
    increments: dict = {"clicks": 1}
    if doc_id and ":" in doc_id:
        increments[("click", doc_id)] = 1
    query = normalise_query(query)
    if query and _pending.add(query, timezone.localdate(), increments):
        flush()


MAX_DOC_ID = 200
CLICK_HALF_LIFE_DAYS = 30
CLICK_WINDOW_DAYS = 180
CLICKED_QUERIES_LIMIT = 50_000


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
