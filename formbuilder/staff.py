"""Staff-side queries: region scoping, filters and permissions for submissions."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import SubmissionStatus
from .models import FormDefinition, Submission
from .processing import context_provider

PERSONAL_DATA_PERM = "formbuilder.view_personal_data"


def region_codes_for(user):
    """Region codes the user may see, or None for all (hook on the context provider)."""
    if user.is_superuser:
        return None
    provider = context_provider()
    hook = getattr(provider, "region_codes_for", None)
    return hook(user) if hook else None


def submissions_for(user):
    """Submissions ``user`` may see in the inbox."""
    if not user.has_perm("formbuilder.view_submission"):
        return Submission.objects.none()
    queryset = Submission.objects.select_related("definition", "version")
    codes = region_codes_for(user)
    if codes is not None:
        queryset = queryset.filter(region_code__in=codes)
    return queryset


def can_see_personal_data(user) -> bool:
    return user.has_perm(PERSONAL_DATA_PERM)


class InboxFilterForm(forms.Form):
    form = forms.ModelChoiceField(
        label=_("Form"), queryset=FormDefinition.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", "---------"), *SubmissionStatus.choices],
        required=False,
    )
    item = forms.CharField(label=_("Service item code"), required=False, max_length=64)
    region = forms.CharField(label=_("Region code"), required=False, max_length=12)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=20)
    submitted_from = forms.DateField(
        label=_("Submitted from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = forms.DateField(
        label=_("Submitted until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


@dataclass
class InboxFilter:
    data: dict

    def apply(self, queryset):
        d = self.data
        lookups = {
            "definition": d.get("form"),
            "status": d.get("status"),
            "subject_code": d.get("item"),
            "region_code": d.get("region"),
            "reference__icontains": d.get("reference"),
            "submitted_at__date__gte": d.get("submitted_from"),
            "submitted_at__date__lte": d.get("submitted_to"),
        }
        return queryset.filter(
            **{k: v for k, v in lookups.items() if v not in (None, "")}
        )


def filtered_inbox(user, params):
    form = InboxFilterForm(params or None)
    queryset = submissions_for(user)
    if form.is_bound and form.is_valid():
        queryset = InboxFilter(form.cleaned_data).apply(queryset)
    return form, queryset
