"""Bulk status change with a note (Wagtail bulk action, all or nothing).

Each chosen submission moves with ``processing.change_status``: its own
status history entry and audit log entry carrying the note.  Before anything
moves, every submission is checked: one outside the user's regions, or one
whose status cannot go to the chosen one, refuses the whole batch with a
message saying which and why, and nothing is changed.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction

from .. import processing
from ..constants import STATUS_TRANSITIONS, SubmissionStatus
from ..models import Submission
from ..staff import submissions_for


class ChangeStatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label=gettext_lazy("New status"),
        choices=[
            (s.value, s.label)
            for s in SubmissionStatus
            if s != SubmissionStatus.SUBMITTED
        ],
    )
    note = forms.CharField(
        label=gettext_lazy("Note (shown to the applicants)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class ChangeStatusBulkAction(BulkAction):
    display_name = gettext_lazy("Change status")
    action_type = "change_status"
    aria_label = gettext_lazy("Change the status of the selected submissions")
    template_name = "formbuilder/admin/inbox/bulk_change_status.html"
    form_class = ChangeStatusForm
    models = [Submission]
    action_priority = 10

    def check_perm(self, obj):
        user = self.request.user
        return (
            processing.can_process(user, obj)
            and submissions_for(user).filter(pk=obj.pk).exists()
        )

    def get_all_objects_in_listing_query(self, parent_id):
        return submissions_for(self.request.user).values_list("pk", flat=True)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "header_icon": "tasks"}

    def prepare_action(self, objects, objects_without_access):
        refused = objects_without_access.get("items_with_no_access") or []
        if refused:
            messages.error(
                self.request,
                ngettext(
                    "%(count)d of the chosen submissions is outside your regions "
                    "or you may not process it; nothing was changed.",
                    "%(count)d of the chosen submissions are outside your regions "
                    "or you may not process them; nothing was changed.",
                    len(refused),
                )
                % {"count": len(refused)},
            )
            return redirect(self.next_url)
        to_status = self.cleaned_form.cleaned_data["to_status"]
        stuck = [
            s
            for s in objects
            if to_status not in STATUS_TRANSITIONS[SubmissionStatus(s.status)]
        ]
        if stuck:
            messages.error(
                self.request,
                _(
                    "These submissions cannot go to “%(status)s” from their status: "
                    "%(list)s. Nothing was changed."
                )
                % {
                    "status": SubmissionStatus(to_status).label,
                    "list": "、".join(
                        f"{s.reference}（{s.get_status_display()}）" for s in stuck
                    ),
                },
            )
            return redirect(self.next_url)
        return None

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            # A status moved by someone else since the check: all rolled back.
            messages.error(
                self.request,
                " ".join(error.messages) + " " + _("Nothing was changed."),
            )
            return redirect(self.next_url)

    def get_execution_context(self):
        return {
            "user": self.request.user,
            "to_status": self.cleaned_form.cleaned_data["to_status"],
            "note": self.cleaned_form.cleaned_data["note"],
        }

    @classmethod
    def execute_action(cls, objects, user=None, to_status=None, note="", **kwargs):
        with transaction.atomic():
            for submission in objects:
                # Fresh from the database: another clerk may have moved it.
                submission = Submission.objects.select_for_update().get(
                    pk=submission.pk
                )
                processing.change_status(
                    submission, to_status=to_status, note=note, user=user
                )
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d submission moved to “%(status)s”.",
            "%(count)d submissions moved to “%(status)s”.",
            num_parent_objects,
        ) % {
            "count": num_parent_objects,
            "status": SubmissionStatus(
                self.cleaned_form.cleaned_data["to_status"]
            ).label,
        }
