"""Service halls (政务服务大厅): reference data with an operating status."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from ..constants import HallStatus
from ..validators import PhoneValidator


class ServiceHall(index.Indexed, models.Model):
    """A place where items are handled in person; its windows may be paused.

    The status applies between ``status_from`` and ``status_until`` (either
    may be empty for "from now" / "until further notice"); outside that window
    the hall counts as open, so an editor need not come back to lift a pause.
    """

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "catalogue.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="halls",
    )
    address = models.CharField(_("address"), max_length=255)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=50, blank=True, validators=[PhoneValidator()]
    )
    appointment_info = models.TextField(
        _("appointment information"),
        blank=True,
        help_text=_("How to book a visit: app, website, phone."),
    )
    # On the hall, not the item: which items a hall serves is operational
    # reference data that changes at once, outside item revisions (ADR 0007).
    items = models.ManyToManyField(
        "catalogue.ServiceItem",
        verbose_name=_("items handled here"),
        blank=True,
        related_name="halls",
        help_text=_("Items citizens can handle in person at this hall."),
    )
    status = models.CharField(
        _("operating status"),
        max_length=10,
        choices=HallStatus.choices,
        default=HallStatus.OPEN,
    )
    status_reason = models.CharField(
        _("reason for the status"),
        max_length=255,
        blank=True,
        help_text=_("Shown to citizens, e.g. renovation or epidemic control."),
    )
    status_from = models.DateField(_("status from"), null=True, blank=True)
    status_until = models.DateField(_("status until"), null=True, blank=True)

    search_fields = [index.SearchField("name"), index.FilterField("region")]

    class Meta:
        ordering = ["region__sort_order", "name"]
        verbose_name = _("service hall")
        verbose_name_plural = _("service halls")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="hall_unique_name")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.status != HallStatus.OPEN and not self.status_reason:
            raise ValidationError(
                {"status_reason": _("Give citizens a reason when service is not open.")}
            )
        if (
            self.status_from
            and self.status_until
            and self.status_until < self.status_from
        ):
            raise ValidationError(
                {"status_until": _("The end date comes before the start date.")}
            )

    def current_status(self, today: datetime.date | None = None) -> str:
        """The status in force on ``today`` (default: the local date)."""
        today = today or timezone.localdate()
        if self.status == HallStatus.OPEN:
            return HallStatus.OPEN
        if self.status_from and today < self.status_from:
            return HallStatus.OPEN
        if self.status_until and today > self.status_until:
            return HallStatus.OPEN
        return self.status
