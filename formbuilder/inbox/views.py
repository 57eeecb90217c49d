"""The inbox listing (Wagtail's generic ``IndexView``) and the submission page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    TitleColumn,
)
from wagtail.admin.views.generic import IndexView
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from .. import processing
from ..constants import STATUS_TRANSITIONS, SubmissionStatus
from ..exports import export_xlsx, stream_csv
from ..models import Submission
from ..presentation import answer_rows
from ..scoping import region_choices_for
from ..staff import can_see_personal_data, submissions_for
from .audit import audit_entries
from .commitment import commitment_of
from .filters import SubmissionFilterSet, subject_choices

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def title_id(submission) -> str:
    return f"submission_{submission.pk}_title"


class SubmissionIndexView(IndexView):
    model = Submission
    permission_policy = ModelPermissionPolicy(Submission)
    any_permission_required = ["view"]
    filterset_class = SubmissionFilterSet
    index_url_name = "formbuilder_admin:inbox"
    index_results_url_name = "formbuilder_admin:inbox_results"
    template_name = "formbuilder/admin/inbox/index.html"
    page_title = gettext_lazy("Submissions")
    header_icon = "tasks"
    paginate_by = 50
    default_ordering = "-submitted_at"
    search_fields = ["reference"]
    # Non-empty so that Wagtail shows its XLSX/CSV buttons; the files
    # themselves are built by ``formbuilder.exports`` (sheet per version).
    list_export = ["reference"]
    export_filename = "submissions"

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="submission"),
            TitleColumn(
                "reference",
                label=_("Reference"),
                url_name="formbuilder_admin:submission",
                sort_key="reference",
                get_title_id=title_id,
            ),
            Column(
                "definition",
                label=_("Form"),
                accessor=lambda s: f"{s.definition.title} v{s.version.number}",
                sort_key="definition__title",
            ),
            Column(
                "subject_code",
                label=_("Service item"),
                accessor=lambda s: self.subject_names.get(
                    s.subject_code, s.subject_code
                ),
                sort_key="subject_code",
            ),
            Column(
                "region_code",
                label=_("Region"),
                accessor=lambda s: self.region_names.get(s.region_code, s.region_code),
                sort_key="region_code",
            ),
            Column(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                sort_key="status",
            ),
            Column("open_owed", label=_("Materials still owed"), sort_key="open_owed"),
            DateColumn(
                "submitted_at", label=_("Submitted at"), sort_key="submitted_at"
            ),
        ]

    @cached_property
    def subject_names(self) -> dict[str, str]:
        codes = {s.subject_code for s in self.object_list_page}
        return dict(subject_choices(codes))

    @cached_property
    def region_names(self) -> dict[str, str]:
        return dict(region_choices_for(self.request.user) or [])

    @property
    def object_list_page(self):
        return getattr(self, "_page_objects", [])

    def paginate_queryset(self, queryset, page_size):
        result = super().paginate_queryset(queryset, page_size)
        self._page_objects = list(result[2])
        return result

    def get_base_queryset(self):
        return submissions_for(self.request.user).annotate(
            open_owed=Count(
                "owed_materials",
                filter=Q(owed_materials__received_at__isnull=True),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_opts"] = Submission._meta
        return context

    def as_spreadsheet(self, queryset, spreadsheet_format):
        masked = not can_see_personal_data(self.request.user)
        log(
            instance=self.request.user,
            action="formbuilder.export",
            user=self.request.user,
            data={
                "rows": queryset.count(),
                "masked": masked,
                "format": spreadsheet_format,
            },
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        name = f"{self.export_filename}-{stamp}"
        if spreadsheet_format == self.FORMAT_CSV:
            response = StreamingHttpResponse(
                stream_csv(queryset, masked=masked), content_type="text/csv"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        response = HttpResponse(
            export_xlsx(queryset, masked=masked), content_type=XLSX_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response


# --- the submission page ------------------------------------------------------


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=gettext_lazy("New status"))
    note = forms.CharField(
        label=gettext_lazy("Note (shown to the applicant)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = STATUS_TRANSITIONS[SubmissionStatus(current)]
        self.fields["to_status"].choices = [
            (s.value, s.label) for s in SubmissionStatus if s in allowed
        ]


def submission_detail(request, pk):
    submission = get_object_or_404(submissions_for(request.user), pk=pk)
    can_process = processing.can_process(request.user, submission)
    status_form = (
        StatusForm(request.POST or None, current=submission.status)
        if can_process
        else None
    )
    if request.method == "POST":
        if not can_process:
            raise PermissionDenied
        if status_form.is_valid():
            processing.change_status(
                submission,
                to_status=status_form.cleaned_data["to_status"],
                note=status_form.cleaned_data["note"],
                user=request.user,
            )
            messages.success(request, _("Status changed."))
            return redirect("formbuilder_admin:submission", pk=pk)
    return render(
        request,
        "formbuilder/admin/submission.html",
        _detail_context(request, submission, status_form),
    )


def _detail_context(request, submission, status_form):
    masked = not can_see_personal_data(request.user)
    uploads = list(submission.uploads.order_by("created_at", "pk"))
    title = _("Submission %s") % submission.reference
    return {
        "header_title": title,
        "page_title": title,
        "header_icon": "tasks",
        "breadcrumbs_items": [
            {"url": reverse("formbuilder_admin:inbox"), "label": _("Submissions")},
            {"url": "", "label": submission.reference},
        ],
        "submission": submission,
        "status_form": status_form,
        "masked": masked,
        "sections": answer_rows(
            processing.submission_ui_schema(submission),
            submission.answers,
            masked=masked,
            files={u.token: u for u in uploads},
        ),
        "commitment": commitment_of(submission),
        "uploads": uploads,
        "history": submission.history.select_related("user"),
        "audit": audit_entries(submission),
    }
