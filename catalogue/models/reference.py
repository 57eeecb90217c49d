"""Reference data: regions, departments, topics, life events, 一件事 bundles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from ..constants import AudienceGroup, DepartmentNature, ExerciseLevel
from ..validators import CreditCodeValidator


class RegionQuerySet(models.QuerySet):
    def subtree_ids(self, region):
        """Ids of ``region`` and every region below it (regions are shallow)."""
        ids, frontier = {region.pk}, [region.pk]
        while frontier:
            frontier = list(
                self.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids.update(frontier)
        return ids


class Region(index.Indexed, models.Model):
    code = models.CharField(_("region code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=1, choices=ExerciseLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = RegionQuerySet.as_manager()

    search_fields = [index.SearchField("name"), index.FilterField("code")]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Department(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[CreditCodeValidator()],
        help_text=_("18 characters; used to match departments on import."),
    )
    nature = models.CharField(
        _("nature"),
        max_length=1,
        choices=DepartmentNature.choices,
        default=DepartmentNature.STATUTORY,
    )
    category = models.CharField(
        _("category"),
        max_length=50,
        blank=True,
        help_text=_("e.g. public security, social insurance"),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="departments",
    )

    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.FilterField("region"),
    ]

    class Meta:
        ordering = ["region__sort_order", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="department_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class Topic(index.Indexed, models.Model):
    """National theme classification for individuals or organisations."""

    audience_group = models.CharField(
        _("for"), max_length=20, choices=AudienceGroup.choices
    )
    code = models.CharField(_("code"), max_length=3)
    name = models.CharField(_("name"), max_length=50)

    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["audience_group", "code"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(
                fields=["audience_group", "code"], name="topic_unique_code"
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.get_audience_group_display()}）"


class LifeEvent(index.Indexed, models.Model):
    audience_group = models.CharField(
        _("for"), max_length=20, choices=AudienceGroup.choices
    )
    name = models.CharField(_("name"), max_length=50)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["audience_group", "sort_order", "name"]
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def __str__(self):
        return self.name


class Bundle(index.Indexed, models.Model):
    """A "一件事": several items a citizen handles together in one go."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=110, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("lead department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("one-go bundle")
        verbose_name_plural = _("one-go bundles")

    def __str__(self):
        return self.name
