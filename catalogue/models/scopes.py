"""Editor scopes and the region's ordered high-frequency list."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable


class EditorScope(models.Model):
    """Binds a user group to a region (and optionally one department).

    Members of the group see and change only items of that region and the
    regions below it; a group bound to the province therefore sees all.
    Superusers are not limited.
    """

    group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="editor_scope",
    )
    region = models.ForeignKey(
        "catalogue.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    department = models.ForeignKey(
        "catalogue.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty to give the group every department of the region."),
    )

    class Meta:
        verbose_name = _("editor scope")
        verbose_name_plural = _("editor scopes")

    def __str__(self):
        if self.department_id:
            return f"{self.group} → {self.region} / {self.department}"
        return f"{self.group} → {self.region}"

    def clean(self):
        if self.department_id and self.department.region_id != self.region_id:
            raise ValidationError(
                {"department": _("The department belongs to another region.")}
            )


class HighFrequencyList(ClusterableModel):
    """The high-frequency items a region's home page shows, in editor order."""

    region = models.OneToOneField(
        "catalogue.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="high_frequency_list",
    )

    class Meta:
        verbose_name = _("high-frequency list")
        verbose_name_plural = _("high-frequency lists")

    def __str__(self):
        return str(self.region)


def serves_item(region, item) -> bool:
    """A region's list may show its own items and those of the regions below
    it: a province portal features the city services citizens use most."""
    from .reference import Region

    return item.region_id in Region.objects.subtree_ids(region)


class HighFrequencyEntry(Orderable):
    list = ParentalKey(
        HighFrequencyList, on_delete=models.CASCADE, related_name="entries"
    )
    item = models.ForeignKey(
        "catalogue.ServiceItem",
        verbose_name=_("service item"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("high-frequency entry")
        verbose_name_plural = _("high-frequency entries")

    def __str__(self):
        return str(self.item)

    def clean(self):
        # A new entry in the admin has no list yet; the list's form checks those.
        region = self.list.region if self.list_id else None
        if self.item_id and region and not serves_item(region, self.item):
            raise ValidationError(
                {"item": _("Choose an item of this region or a region below it.")}
            )
