"""The review task of service items: approvers of the item's region decide.

A Wagtail ``Task`` (so it sits in ordinary Wagtail workflows, the dashboard's
"awaiting your review" panel, the footer's action menu and the workflow
history) whose reviewers are derived from the editor scopes rather than from
a fixed list of groups: a user reviews an item when they may publish items
and their scope covers the item's region (a province approver's scope covers
every city below it).  Nobody reviews their own submission.
"""

from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState


def refusal_reason(task_state, user) -> str | None:
    """Why ``user`` may not act on ``task_state`` (None: they may)."""
    from ..review import refusal_reason as reason

    return reason(task_state, user)


class RegionalApprovalTask(Task):
    """审核 by the approvers of the item's region (or of a region above it)."""

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("regional approval task")
        verbose_name_plural = _("regional approval tasks")

    @classmethod
    def get_description(cls):
        return _(
            "Users who may publish service items and whose editor scope covers "
            "the item's region approve it; nobody approves their own submission."
        )

    def _task_state_for(self, obj):
        return (
            TaskState.objects.filter(
                task=self,
                status=TaskState.STATUS_IN_PROGRESS,
                workflow_state__object_id=str(obj.pk),
                workflow_state__base_content_type=obj.get_base_content_type(),
            )
            .select_related("workflow_state")
            .first()
        )

    def _may_review(self, obj, user) -> bool:
        from ..review import may_review_item

        return may_review_item(obj, user)

    def user_can_access_editor(self, obj, user):
        return self._may_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_review(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_review(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        task_state = self._task_state_for(obj)
        if task_state is None or refusal_reason(task_state, user):
            return []
        return [
            ("reject", gettext("Request changes"), True),
            ("approve", pgettext("review action", "Approve"), False),
            ("approve", gettext("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from ..review import task_states_for_reviewer

        return task_states_for_reviewer(self, user)
