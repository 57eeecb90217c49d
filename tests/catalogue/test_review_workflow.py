"""Regional review of service items: the city editor submits, an approver of
that city (or of the province) approves or asks for changes, and every
decision or refusal says why in the admin message."""

from unittest import mock

from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import DatabaseError
from django.test import TestCase
from django.urls import reverse
from wagtail.models import (
    Revision,
    TaskState,
    Workflow,
    WorkflowContentType,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html

from catalogue import services
from catalogue.constants import ExerciseLevel
from catalogue.models import RegionalApprovalTask, ServiceItem
from catalogue.models.scopes import EditorScope
from tests.english import english

from .factories import (
    GroupFactory,
    RegionFactory,
    ServiceItemFactory,
    UserFactory,
    make_region_editor,
)

EDITOR_CODENAMES = (
    "access_admin",
    "add_serviceitem",
    "change_serviceitem",
    "view_serviceitem",
    "lock_serviceitem",
)


def item_url(view_name, item, *args):
    return reverse(
        ServiceItem.snippet_viewset.get_url_name(view_name),
        args=[quote(item.pk), *args],
    )


def make_editor_without_publish(region, username):
    group = GroupFactory()
    group.permissions.add(*Permission.objects.filter(codename__in=EDITOR_CODENAMES))
    EditorScope.objects.create(group=group, region=region)
    user = UserFactory(username=username, email=f"{username}@example.org")
    user.groups.add(group)
    return user


def approver(region, username):
    user = make_region_editor(region, username=username)
    user.email = f"{username}@example.org"
    user.save()
    return user


class ReviewTestCase(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = RegionFactory(name="甲省", level=ExerciseLevel.PROVINCIAL)
        cls.city = RegionFactory(name="乙市", parent=cls.province)
        cls.other_city = RegionFactory(name="丙市", parent=cls.province)
        cls.item = ServiceItemFactory(name="乙市事项", department__region=cls.city)
        cls.editor = make_editor_without_publish(cls.city, "city-editor")
        cls.other_editor = make_editor_without_publish(cls.other_city, "other-editor")
        cls.city_approver = approver(cls.city, "city-approver")
        cls.province_approver = approver(cls.province, "province-approver")
        cls.other_approver = approver(cls.other_city, "other-approver")
        services.ensure_review_workflow()

    def setUp(self):
        english(self.client)

    def edit_data(self, user, item=None):
        item = item or self.item
        self.client.force_login(user)
        response = self.client.get(item_url("edit", item))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        data = querydict_from_html(html, form_id="w-editor-form")
        for name in ("topics", "life_events", "bundles"):
            data.setlist(name, [])
        form = self.get_soup(html).find("form", id="w-editor-form")
        for box in form.find_all("input", type="checkbox", checked=True, value=False):
            data[box["name"]] = "on"
        return data

    def submit(self, user, name):
        data = self.edit_data(user)
        data["name"] = name
        data["action-submit"] = "submit"
        return self.client.post(item_url("edit", self.item), data, follow=True)

    def task_state(self):
        return TaskState.objects.filter(
            workflow_state__object_id=str(self.item.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        ).get()

    def act(self, user, action, **data):
        self.client.force_login(user)
        url = item_url("workflow_action", self.item, action, self.task_state().pk)
        return self.client.post(url, data, follow=True)

    def messages_of(self, response):
        return " ".join(str(m) for m in response.context["messages"])

    def live_name(self):
        return ServiceItem.objects.get(pk=self.item.pk).name


class SubmitAndApproveTests(ReviewTestCase):
    def test_submitting_starts_the_review_and_publishes_nothing(self):
        """The editor's submission waits for review; citizens still see the old name."""
        response = self.submit(self.editor, "乙市事项（已修改）")
        self.assertEqual(response.status_code, 200)
        self.assertIn("submitted for review", self.messages_of(response))
        self.assertIn("乙市", self.messages_of(response))
        self.assertEqual(self.live_name(), "乙市事项")
        state = self.task_state()
        self.assertIsInstance(state.task.specific, RegionalApprovalTask)

    def test_approvers_of_the_region_and_of_the_province_see_the_task(self):
        """The dashboard's review list: city and province approvers, not another city's."""
        self.submit(self.editor, "乙市事项（已修改）")
        state = self.task_state()
        for user, expected in (
            (self.city_approver, True),
            (self.province_approver, True),
            (self.other_approver, False),
            (self.editor, False),
            (self.other_editor, False),
        ):
            with self.subTest(user=user.username):
                reviewable = TaskState.objects.reviewable_by(user)
                self.assertEqual(reviewable.filter(pk=state.pk).exists(), expected)

    def test_approval_publishes_and_says_so(self):
        """Approving goes live at once; the message says citizens see it."""
        self.submit(self.editor, "乙市事项（已修改）")
        response = self.act(self.city_approver, "approve")
        self.assertIn("approved and published", self.messages_of(response))
        self.assertEqual(self.live_name(), "乙市事项（已修改）")
        item = ServiceItem.objects.get(pk=self.item.pk)
        self.assertFalse(item.has_unpublished_changes)
        self.assertEqual(item.live_revision.user, self.editor)

    def test_province_approver_approves_a_city_item(self):
        self.submit(self.editor, "乙市事项（省审）")
        self.act(self.province_approver, "approve")
        self.assertEqual(self.live_name(), "乙市事项（省审）")

    def test_approvers_are_told_by_mail_when_mail_is_configured(self):
        """Submission mails the item's region's approvers and the province's, not others."""
        mail.outbox.clear()
        self.submit(self.editor, "乙市事项（通知）")
        recipients = {address for message in mail.outbox for address in message.to}
        self.assertIn("city-approver@example.org", recipients)
        self.assertIn("province-approver@example.org", recipients)
        self.assertNotIn("other-approver@example.org", recipients)
        self.assertNotIn("city-editor@example.org", recipients)


class RequestChangesTests(ReviewTestCase):
    def test_comment_reaches_the_editor_who_resubmits(self):
        """Request changes with a comment → the editor reads it → resubmits → approved."""
        self.submit(self.editor, "乙市事项（初稿）")
        response = self.act(
            self.province_approver, "reject", comment="请补充材料的来源说明"
        )
        self.assertIn("Changes requested", self.messages_of(response))
        self.assertEqual(self.live_name(), "乙市事项")
        self.client.force_login(self.editor)
        page = self.client.get(item_url("edit", self.item))
        self.assertContains(page, "请补充材料的来源说明")
        self.assertContains(page, "province-approver")
        response = self.submit(self.editor, "乙市事项（二稿）")
        self.assertIn("submitted for review", self.messages_of(response))
        state = self.task_state()
        self.assertEqual(state.workflow_state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.act(self.city_approver, "approve")
        self.assertEqual(self.live_name(), "乙市事项（二稿）")


class RefusalTests(ReviewTestCase):
    def assert_unchanged(self, state):
        state.refresh_from_db()
        self.assertEqual(state.status, TaskState.STATUS_IN_PROGRESS)
        self.assertEqual(self.live_name(), "乙市事项")

    def test_approver_of_another_region_is_told_why(self):
        self.submit(self.editor, "乙市事项（越权）")
        state = self.task_state()
        response = self.act(self.other_approver, "approve")
        self.assertEqual(response.status_code, 200)
        message = self.messages_of(response)
        self.assertIn("outside the regions you review", message)
        self.assertIn("乙市", message)
        self.assert_unchanged(state)

    def test_own_submission_cannot_be_approved(self):
        """An approver who submits their own change needs another approver."""
        self.submit(self.city_approver, "乙市事项（自审）")
        state = self.task_state()
        response = self.act(self.city_approver, "approve")
        self.assertIn("You submitted this change yourself", self.messages_of(response))
        self.assert_unchanged(state)
        self.act(self.province_approver, "approve")
        self.assertEqual(self.live_name(), "乙市事项（自审）")

    def test_own_submission_offers_no_approve_action_in_the_footer(self):
        self.submit(self.city_approver, "乙市事项（自审）")
        task = self.task_state().task.specific
        item = ServiceItem.objects.get(pk=self.item.pk)
        self.assertEqual(task.get_actions(item, self.city_approver), [])
        self.assertTrue(task.get_actions(item, self.province_approver))

    def test_footer_workflow_action_of_another_region_is_refused(self):
        """Posting the editor form's approve action from outside the region changes nothing."""
        self.submit(self.editor, "乙市事项（越权）")
        state = self.task_state()
        data = self.edit_data(self.province_approver)
        self.client.force_login(self.other_approver)
        data["action-workflow-action"] = "true"
        data["workflow-action-name"] = "approve"
        response = self.client.post(item_url("edit", self.item), data, follow=True)
        self.assertEqual(response.status_code, 404)  # the editor itself stays scoped
        self.assert_unchanged(state)

    def test_editor_cannot_approve_and_is_told_why(self):
        self.submit(self.editor, "乙市事项（编辑自批）")
        state = self.task_state()
        response = self.act(self.editor, "approve")
        self.assertIn("You may not publish", self.messages_of(response))
        self.assert_unchanged(state)

    def test_editor_publish_saves_a_draft_and_says_why(self):
        data = self.edit_data(self.editor)
        data["name"] = "乙市事项（想直接发布）"
        data["action-publish"] = "publish"
        response = self.client.post(item_url("edit", self.item), data, follow=True)
        self.assertIn("not published", self.messages_of(response))
        self.assertEqual(self.live_name(), "乙市事项")

    def test_publish_that_fails_keeps_no_half_saved_revision(self):
        """Saving and publishing are one transaction: a failed publish leaves nothing."""
        data = self.edit_data(self.city_approver)
        data["name"] = "乙市事项（发布失败）"
        data["action-publish"] = "publish"
        revisions = Revision.objects.count()
        with mock.patch.object(
            Revision, "publish", side_effect=DatabaseError("disk full")
        ):
            response = self.client.post(item_url("edit", self.item), data, follow=True)
        self.assertIn("Nothing was saved or published", self.messages_of(response))
        self.assertEqual(Revision.objects.count(), revisions)
        self.assertEqual(self.live_name(), "乙市事项")

    def test_approver_publish_says_why_it_went_live(self):
        data = self.edit_data(self.city_approver)
        data["name"] = "乙市事项（直接发布）"
        data["action-publish"] = "publish"
        response = self.client.post(item_url("edit", self.item), data, follow=True)
        self.assertIn("published", self.messages_of(response))
        self.assertIn("乙市", self.messages_of(response))
        self.assertEqual(self.live_name(), "乙市事项（直接发布）")


class WorkflowSetupTests(TestCase):
    def test_a_workflow_without_tasks_gets_the_regional_task(self):
        """The demo's old workflow had no task, so submitting tried to publish as the editor."""
        WorkflowTask.objects.all().delete()
        workflow = services.ensure_review_workflow()
        task = WorkflowTask.objects.get(workflow=workflow).task.specific
        self.assertIsInstance(task, RegionalApprovalTask)
        services.ensure_review_workflow()
        self.assertEqual(WorkflowTask.objects.filter(workflow=workflow).count(), 1)

    def test_a_configured_workflow_is_kept(self):
        from wagtail.models import GroupApprovalTask

        WorkflowContentType.objects.all().delete()
        mine = Workflow.objects.create(name="自定义审核")
        own_task = GroupApprovalTask.objects.create(name="科室审核")
        WorkflowTask.objects.create(workflow=mine, task=own_task, sort_order=0)
        WorkflowContentType.objects.create(
            workflow=mine, content_type=ServiceItem().get_base_content_type()
        )
        self.assertEqual(services.ensure_review_workflow(), mine)
        self.assertEqual(
            list(
                WorkflowTask.objects.filter(workflow=mine).values_list(
                    "task", flat=True
                )
            ),
            [own_task.pk],
        )

    def test_the_migration_set_up_the_workflow(self):
        """A migrated database already reviews items regionally."""
        link = WorkflowContentType.objects.get(
            content_type=ServiceItem().get_base_content_type()
        )
        tasks = [wt.task.specific for wt in link.workflow.workflow_tasks.all()]
        self.assertTrue(any(isinstance(t, RegionalApprovalTask) for t in tasks))
