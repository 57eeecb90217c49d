"""Set up the service items' review workflow (load_demo and fresh sites)."""

from django.db import transaction
from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

from .models import RegionalApprovalTask, ServiceItem

WORKFLOW_NAME = "事项发布审核"
TASK_NAME = "区划审核"


@transaction.atomic
def ensure_review_workflow() -> Workflow:
    item_type = ServiceItem().get_base_content_type()
    link = WorkflowContentType.objects.filter(content_type=item_type).first()
    if link is None:
        workflow = Workflow.objects.get_or_create(name=WORKFLOW_NAME)[0]
        WorkflowContentType.objects.create(content_type=item_type, workflow=workflow)
    else:
        workflow = link.workflow
    if not WorkflowTask.objects.filter(workflow=workflow, task__active=True).exists():
        task = RegionalApprovalTask.objects.filter(active=True).first()
        if task is None:
            task = RegionalApprovalTask.objects.create(name=TASK_NAME)
        # Not workflow.workflow_tasks.create(): on the cluster's in-memory
        # relation that row is never saved, which left the demo's workflow
        # without a task.
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow
