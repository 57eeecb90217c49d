"""Rate-limit counters kept in the site database when there is no Redis."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """Attempts of one client in one scope and window (``formbuilder.ratelimit``).

    Incremented by one ``INSERT … ON CONFLICT DO UPDATE … RETURNING``, which
    the database runs atomically, so parallel requests and several app
    processes count every attempt exactly once.
    """

    key = models.CharField(_("key"), max_length=100, primary_key=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        app_label = "formbuilder"
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self):
        return f"{self.key}: {self.count}"
