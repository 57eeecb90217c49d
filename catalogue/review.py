"""Who reviews a service item, and why someone may not.

Used by ``RegionalApprovalTask`` and by the admin views that act on its
task states, so the footer menu, the dashboard and a hand-made POST agree.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.models import TaskState

from .models import Region, ServiceItem
from .permissions import RegionScopedPermissionPolicy
from .scoping import scope_for

_POLICY = RegionScopedPermissionPolicy(ServiceItem)


def _stored(item):
    """The item as stored (a revision could name another region)."""
    return (
        ServiceItem.objects.filter(pk=item.pk)
        .only("region_id", "department_id")
        .first()
    )


def _covers(user, item) -> bool:
    scope = scope_for(user)
    stored = _stored(item)
    places = [(item.region_id, item.department_id)]
    if stored is not None:
        places.append((stored.region_id, stored.department_id))
    return all(scope.allows(region, dept) for region, dept in places)


def may_review_item(item, user) -> bool:
    """May publish items and the scope covers the item (before and after the change)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return _POLICY.user_has_permission(user, "publish") and _covers(user, item)


def refusal_reason(task_state, user) -> str | None:
    """Why ``user`` may not approve or reject ``task_state``; None if they may."""
    item = task_state.workflow_state.content_object
    latest = item.get_latest_revision_as_object() if item is not None else None
    if latest is None:
        return _("This service item no longer exists.")
    if not _POLICY.user_has_permission(user, "publish"):
        return _(
            "You may not publish service items, so you cannot review them; "
            "an approver of %(region)s decides."
        ) % {"region": _region_name(latest)}
    if not _covers(user, latest):
        return _(
            "“%(item)s” belongs to %(region)s, outside the regions you review; "
            "an approver of %(region)s decides."
        ) % {"item": latest.name, "region": _region_name(latest)}
    if task_state.workflow_state.requested_by_id == user.pk:
        return _(
            "You submitted this change yourself; another approver of %(region)s "
            "must review it."
        ) % {"region": _region_name(latest)}
    return None


def _region_name(item) -> str:
    region = Region.objects.filter(pk=item.region_id).first()
    return region.name if region else "—"


def task_states_for_reviewer(task, user):
    """In-progress states of ``task`` that ``user`` may decide (dashboard panel)."""
    if not _POLICY.user_has_permission(user, "publish"):
        return TaskState.objects.none()
    states = task.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
    scope = scope_for(user)
    if scope.unrestricted:
        return states.exclude(workflow_state__requested_by=user)
    content_type = ServiceItem().get_base_content_type()
    ids = ServiceItem.objects.filter(scope.item_filter()).values_list("pk", flat=True)
    return states.filter(
        workflow_state__base_content_type=content_type,
        workflow_state__object_id__in=[str(pk) for pk in ids],
    ).exclude(workflow_state__requested_by=user)


def reviewers_of(item):
    """Active users who may review ``item`` (for e-mail notifications)."""
    candidates = _POLICY.users_with_permission("publish").filter(is_active=True)
    return [user for user in candidates if _covers(user, item)]


def _notifier():
    from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier

    from .models import RegionalApprovalTask

    class RegionalReviewSubmittedNotifier(BaseGroupApprovalTaskStateEmailNotifier):
        """E-mails the approvers of the item's region (when mail is configured;
        the dashboard lists the same task states in "awaiting your review")."""

        notification = "submitted"

        def can_handle(self, instance, **kwargs):
            return isinstance(instance, TaskState) and isinstance(
                instance.task.specific, RegionalApprovalTask
            )

        def get_recipient_users(self, task_state, **kwargs):
            item = task_state.workflow_state.content_object
            submitter = kwargs.get("user")
            return [
                user
                for user in reviewers_of(item.get_latest_revision_as_object())
                if submitter is None or user.pk != submitter.pk
            ]

    return RegionalReviewSubmittedNotifier()


def connect_notifications():
    from wagtail.signals import task_submitted

    # weak=False: the signal would otherwise drop the only reference to it.
    task_submitted.connect(
        _notifier(),
        sender=TaskState,
        weak=False,
        dispatch_uid="catalogue-regional-review-submitted",
    )
