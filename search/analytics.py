"""Anonymous search statistics: what citizens look for, and what they open.

Nothing personal is stored: no IP address, user, session or cookie — only
the normalised query text, the day, and counters.
"""

import re

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


def record_click(query: str) -> None:
    _bump(query, clicks=1)
