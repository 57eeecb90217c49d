"""Inbox filters: pick a form, item, region, statuses and a date range.

Items and regions are picked with the site's code choosers
(``code_chooser``), which offer only the user's own items and regions.
Without them every offered choice comes from the submissions the user may
see, named by the context provider (``subject_titles``,
``region_choices_for``) or shown as codes.  Either way the listing itself
is scoped first, so another city's code finds nothing.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ..constants import SubmissionStatus
from ..models import FormDefinition, Submission
from ..processing import context_provider
from ..scoping import code_chooser, region_choices_for
from ..staff import submissions_for


def subject_choices(codes) -> list[tuple[str, str]]:
    """(code, "name（code）") for ``codes``, named by the context provider."""
    codes = sorted(c for c in set(codes) if c)
    hook = getattr(context_provider(), "subject_titles", None)
    titles = hook(codes) if hook else {}
    return [(c, f"{titles[c]}（{c}）" if titles.get(c) else c) for c in codes]


def region_choices(user, codes) -> list[tuple[str, str]]:
    """The user's regions that have submissions (named), else the bare codes."""
    present = {c for c in codes if c}
    named = region_choices_for(user)
    if named is None:
        return [(c, c) for c in sorted(present)]
    return [(code, name) for code, name in named if code in present]


CHOOSERS = {"subject_code": "subject", "region_code": "region"}
CODE_LENGTH = 64


class ChosenCodeFilter(django_filters.CharFilter):
    """A code picked with a chooser widget."""


class ChosenCodeFilterAdapter(BaseFilterAdapter):
    """The active filter reads as the chosen object's title, not its code."""

    def get_active_filters(self):
        widget = self.filter.field.widget
        data = widget.get_value_data(self.value) or {}
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            data.get(widget.display_title_key) or str(self.value),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(ChosenCodeFilter, ChosenCodeFilterAdapter)


class SubmissionFilterSet(WagtailFilterSet):
    definition = django_filters.ModelChoiceFilter(
        label=_("Form"), queryset=FormDefinition.objects.none()
    )
    subject_code = django_filters.ChoiceFilter(label=_("Service item"), choices=[])
    region_code = django_filters.ChoiceFilter(label=_("Region"), choices=[])
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=SubmissionStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("Submission date"), widget=DateRangePickerWidget
    )
    owes_materials = django_filters.BooleanFilter(
        label=_("Materials still owed"), method="filter_owes_materials"
    )

    class Meta:
        model = Submission
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        visible = submissions_for(user) if user is not None else Submission.objects
        self.filters["definition"].queryset = FormDefinition.objects.filter(
            pk__in=visible.values("definition_id")
        ).order_by("title")
        if not self._use_choosers():
            self._offer_codes(user, visible)

    def _use_choosers(self) -> bool:
        """Items and regions picked with the site's choosers (scoped by them)."""
        widgets = {name: code_chooser(kind) for name, kind in CHOOSERS.items()}
        if None in widgets.values():
            return False
        for name, widget in widgets.items():
            chosen = ChosenCodeFilter(
                field_name=name,
                label=self.filters[name].label,
                widget=widget,
                max_length=CODE_LENGTH,
            )
            # As FilterSet.__init__ does for the declared filters.
            chosen.model, chosen.parent = self.queryset.model, self
            self.filters[name] = chosen
        return True

    def _offer_codes(self, user, visible) -> None:
        """Without choosers: selects of the codes the user's submissions carry."""
        codes = visible.values_list("subject_code", "region_code").distinct()
        subjects, regions = {c for c, _r in codes}, {r for _c, r in codes}
        self.filters["subject_code"].extra["choices"] = subject_choices(subjects)
        self.filters["region_code"].extra["choices"] = region_choices(user, regions)

    def filter_owes_materials(self, queryset, name, value):
        if value is None:
            return queryset
        owing = Q(owed_materials__received_at__isnull=True) & Q(
            owed_materials__isnull=False
        )
        ids = Submission.objects.filter(owing).values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)
