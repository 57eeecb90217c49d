"""Admin views of the item review: every publish, submission, approval and
refusal tells the editor what happened and why.

Wagtail's own views answer a refused workflow action with "permission
denied" (a bare 403 that lands on the dashboard); these say who may decide
instead, and change nothing.  Saving and publishing happen in one
transaction, so a publish that fails leaves no half-saved revision.
"""

from __future__ import annotations

from django.db import DatabaseError, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import TaskState, WorkflowState
from wagtail.snippets.views.snippets import EditView, WorkflowActionView

from .models import Region, RegionalApprovalTask, ServiceItem
from .review import refusal_reason
from .scoping import scope_for


def _region_name(item) -> str:
    region = Region.objects.filter(pk=item.region_id).first()
    return region.name if region else "—"


def _outcome_message(item, action_name) -> str:
    """What an approve/reject did, read back from the stored item."""
    item = ServiceItem.objects.get(pk=item.pk)
    state = item.workflow_states.order_by("-created_at").first()
    if action_name == "reject":
        return _(
            "Changes requested on “%(item)s”: the editor sees your comment in the "
            "editor and submits again."
        ) % {"item": item.name}
    if state and state.status == WorkflowState.STATUS_APPROVED and item.live:
        return _(
            "“%(item)s” approved and published: citizens see this version now."
        ) % {"item": item.name}
    return _("“%(item)s” approved; the next review step follows.") % {"item": item.name}


class ItemWorkflowActionView(WorkflowActionView):
    """Approve / request changes from the dashboard or the footer's modal."""

    def get_base_object_queryset(self):
        # Not the editor's scope: someone outside it gets told why, not a 404.
        return ServiceItem.objects.all()

    def _refusal(self):
        state = self.task_state
        if (
            state.status != TaskState.STATUS_IN_PROGRESS
            or state.workflow_state.object_id != str(self.object.pk)
        ):
            return _("This review step is no longer waiting for a decision.")
        if isinstance(self.task, RegionalApprovalTask):
            return refusal_reason(state, self.request.user)
        if not self._in_scope():
            # Any other task (a group task someone configured) still never
            # lets an editor act outside their regions.
            return _(
                "“%(item)s” belongs to %(region)s, outside the regions you review; "
                "an approver of %(region)s decides."
            ) % {"item": self.object.name, "region": _region_name(self.object)}
        return None

    def _in_scope(self):
        return scope_for(self.request.user).allows(
            self.object.region_id, self.object.department_id
        )

    def dispatch(self, request, *args, **kwargs):
        if self.object.workflow_in_progress:
            reason = self._refusal()
            if reason:
                return self._refuse(request, reason)
        return super().dispatch(request, *args, **kwargs)

    def _refuse(self, request, reason):
        messages.error(request, reason)
        url = self.redirect_url
        if not self._in_scope():
            url = reverse("wagtailadmin_home")  # they could not open the item
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return self.render_modal_json(request, {"step": "success", "redirect": url})
        return redirect(url)

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().post(request, *args, **kwargs)
        if response.status_code in (200, 302) and not self._form_errors():
            messages.success(request, _outcome_message(self.object, self.action_name))
        return response

    def _form_errors(self):
        if not self.form_class:
            return False
        return not self.form_class(self.request.POST).is_valid()


class ItemEditView(EditView):
    """The item editor: one transaction per save, and messages that say why."""

    def post(self, request, *args, **kwargs):
        refused = self._refused_workflow_action(request)
        if refused and self.expects_json_response:
            return self.json_error_response("workflow_action_refused", refused)
        if refused:
            messages.error(request, refused)
            return redirect(self.get_edit_url())
        self.publish_refused = bool(
            request.POST.get("action-publish") and self.action != "publish"
        )
        return super().post(request, *args, **kwargs)

    def _refused_workflow_action(self, request):
        if not request.POST.get("action-workflow-action"):
            return None
        task_state = self.object.current_workflow_task_state
        if task_state is None:
            return _("This review step is no longer waiting for a decision.")
        if isinstance(task_state.task.specific, RegionalApprovalTask):
            return refusal_reason(task_state, request.user)
        return None

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except DatabaseError as error:
            # Nothing of this save is kept: neither the revision nor the publish.
            message = _(
                "Nothing was saved or published: the database refused the "
                "change (%(reason)s). Please try again."
            ) % {"reason": error.__class__.__name__}
            if self.expects_json_response:
                return self.json_error_response("database_error", message)
            messages.error(self.request, message)
            return redirect(self.get_edit_url())

    def get_success_message(self, instance=None):
        item = instance or self.object
        names = {"item": item.name, "region": _region_name(item)}
        if self.action == "publish":
            return (
                _(
                    "“%(item)s” published: you may publish items of %(region)s, so "
                    "citizens see this version now."
                )
                % names
            )
        if self.action == "submit":
            return (
                _(
                    "“%(item)s” submitted for review: an approver of %(region)s "
                    "decides, and it goes live when approved."
                )
                % names
            )
        if self.action == "workflow-action":
            return _outcome_message(item, self.workflow_action)
        if getattr(self, "publish_refused", False):
            return (
                _(
                    "“%(item)s” saved as a draft, not published: only approvers of "
                    "%(region)s may publish. Submit it for review to get it published."
                )
                % names
            )
        if self.action in {"restart-workflow", "cancel-workflow"}:
            return super().get_success_message(instance)
        return (
            _("“%(item)s” saved as a draft; citizens still see the published version.")
            % names
        )
