"""Anonymous search statistics: what citizens look for, and what they open.

Nothing personal is stored: no IP address, user, session or cookie — only
the normalised query text, the day, and counters.

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
from collections import Counter

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
            stat, _created = QueryStat.objects.get_or_create(query=query, day=day)
            QueryStat.objects.filter(pk=stat.pk).update(
                **{name: F(name) + amount for name, amount in increments.items()}
            )


@atexit.register
def _flush_at_exit() -> None:
    # Exiting (the database may be gone already): nothing left to tell.
    with contextlib.suppress(Exception):
        flush()


def record_search(query: str, result_count: int) -> None:
    _bump(query, searches=1, zero_results=0 if result_count else 1)


def record_click(query: str) -> None:
    _bump(query, clicks=1)
