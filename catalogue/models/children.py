"""Rows that hang off a service item: materials, fees, process steps, FAQ.

Each is an ``Orderable`` child of the item's cluster, so editors order them
inline and they are kept in the item's revisions.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from .. import rules
from ..constants import MaterialForm, MaterialMedium, MaterialSource, TimeUnit, WaiveVia


class Material(Orderable):
    item = ParentalKey(
        "catalogue.ServiceItem", on_delete=models.CASCADE, related_name="materials"
    )
    name = models.CharField(_("name"), max_length=200)
    required = models.BooleanField(_("required"), default=True)
    form = models.CharField(
        _("form"),
        max_length=1,
        choices=MaterialForm.choices,
        default=MaterialForm.ORIGINAL,
    )
    medium = models.CharField(
        _("medium"),
        max_length=1,
        choices=MaterialMedium.choices,
        default=MaterialMedium.PAPER,
    )
    copies = models.PositiveSmallIntegerField(
        _("copies"), default=1, validators=[MaxValueValidator(99)]
    )
    source = models.CharField(
        _("source channel"),
        max_length=2,
        choices=MaterialSource.choices,
        default=MaterialSource.APPLICANT,
    )
    waivable = models.BooleanField(_("no need to submit"), default=False)
    waive_via = models.CharField(
        _("waived through"), max_length=20, choices=WaiveVia.choices, blank=True
    )
    rongque_allowed = models.BooleanField(
        _("may be missing at acceptance (容缺)"), default=False
    )
    note = models.TextField(_("note"), blank=True)
    blank_form = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("blank form"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sample_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("filled-in sample"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def clean(self):
        super().clean()
        errors = {}
        for violation in rules.check_material(self):
            errors.setdefault(violation.field, []).append(violation.message)
        if errors:
            raise ValidationError(errors)

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.name


class FeeItem(Orderable):
    item = ParentalKey(
        "catalogue.ServiceItem", on_delete=models.CASCADE, related_name="fees"
    )
    name = models.CharField(_("fee name"), max_length=200)
    standard = models.CharField(_("standard"), max_length=255)
    basis = models.TextField(_("basis"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("fee item")
        verbose_name_plural = _("fee items")

    def __str__(self):
        return self.name


class ProcessStep(Orderable):
    item = ParentalKey(
        "catalogue.ServiceItem", on_delete=models.CASCADE, related_name="steps"
    )
    name = models.CharField(_("step"), max_length=100)
    actor = models.CharField(_("who"), max_length=100, blank=True)
    time_limit_value = models.PositiveIntegerField(
        _("time limit"), null=True, blank=True
    )
    time_limit_unit = models.CharField(
        _("unit"), max_length=20, choices=TimeUnit.choices, blank=True
    )
    description = models.TextField(_("what happens"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")

    def __str__(self):
        return self.name


class FAQ(Orderable):
    item = ParentalKey(
        "catalogue.ServiceItem", on_delete=models.CASCADE, related_name="faqs"
    )
    question = models.CharField(_("question"), max_length=255)
    answer = models.TextField(_("answer"))

    class Meta(Orderable.Meta):
        verbose_name = _("common question")
        verbose_name_plural = _("common questions")

    def __str__(self):
        return self.question
