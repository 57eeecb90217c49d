"""The regional review task, and a working review workflow for service items.

Sites set up before this migration may have the workflow 事项发布审核 assigned
to service items with no task in it: submitting then "finishes" the workflow
at once and tries to publish as the editor, who may not publish.  Such a
workflow (or a site with none) gets the regional review task.
"""

import django.db.models.deletion
from django.db import migrations, models

WORKFLOW_NAME = "事项发布审核"
TASK_NAME = "区划审核"


def ensure_review_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    RegionalApprovalTask = apps.get_model("catalogue", "RegionalApprovalTask")

    item_type = ContentType.objects.get_or_create(
        app_label="catalogue", model="serviceitem"
    )[0]
    task_type = ContentType.objects.get_or_create(
        app_label="catalogue", model="regionalapprovaltask"
    )[0]
    link = WorkflowContentType.objects.filter(content_type=item_type).first()
    if link is None:
        workflow = Workflow.objects.get_or_create(name=WORKFLOW_NAME)[0]
        WorkflowContentType.objects.create(content_type=item_type, workflow=workflow)
    else:
        workflow = link.workflow
    if WorkflowTask.objects.filter(workflow=workflow, task__active=True).exists():
        return  # a workflow someone configured: theirs to keep
    task = RegionalApprovalTask.objects.filter(active=True).first()
    if task is None:
        task = RegionalApprovalTask.objects.create(
            name=TASK_NAME, content_type=task_type, active=True
        )
    WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_serviceitem_variant"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegionalApprovalTask",
            fields=[
                (
                    "task_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.task",
                    ),
                ),
            ],
            options={
                "verbose_name": "regional approval task",
                "verbose_name_plural": "regional approval tasks",
            },
            bases=("wagtailcore.task",),
        ),
        migrations.RunPython(ensure_review_workflow, migrations.RunPython.noop),
    ]
