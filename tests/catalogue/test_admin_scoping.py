"""Editors see and change only the service items of their own scope.

Region A (甲市) sits below the province and has a county below it; region B
(乙市) is outside the province.  Each test acts as an editor through the
real admin URLs and checks what the editor sees or what happened in the
database; where a refusal could also come from a malformed request, the
same request is shown to work for an in-scope object or for a superuser.
"""

from urllib.parse import urlencode

from django.contrib.admin.utils import quote
from django.test import TestCase
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html

from catalogue.constants import ExerciseLevel
from catalogue.models import HighFrequencyEntry, HighFrequencyList, ServiceItem

from .factories import (
    DepartmentFactory,
    RegionFactory,
    ServiceItemFactory,
    UserFactory,
    make_region_editor,
)

REFUSED = (403, 404)


def admin_url(model, view_name, obj=None):
    args = [quote(obj.pk)] if obj is not None else []
    return reverse(model.snippet_viewset.get_url_name(view_name), args=args)


def bulk_url(action, objects):
    path = reverse("wagtail_bulk_action", args=["catalogue", "serviceitem", action])
    return f"{path}?{urlencode([('id', obj.pk) for obj in objects])}"


def editor_form_data(client, url):
    """The edit form's data exactly as the page renders it."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    for name in ("topics", "life_events", "bundles"):
        data.setlist(name, [])  # the helper picks the first option of empty selects
    soup = WagtailTestUtils.get_soup(html).find("form", id="w-editor-form")
    for box in soup.find_all("input", type="checkbox", checked=True, value=False):
        data[box["name"]] = "on"  # what a browser sends for a box without a value
    return data


class ScopedAdminTestCase(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = RegionFactory(name="测试省", level=ExerciseLevel.PROVINCIAL)
        cls.region_a = RegionFactory(name="甲市", parent=cls.province)
        cls.county_a = RegionFactory(
            name="甲市东县", parent=cls.region_a, level=ExerciseLevel.COUNTY
        )
        cls.region_b = RegionFactory(name="乙市")
        cls.dept_p = DepartmentFactory(name="省公安厅", region=cls.province)
        cls.dept_a = DepartmentFactory(name="甲市公安局", region=cls.region_a)
        cls.dept_a2 = DepartmentFactory(name="甲市人社局", region=cls.region_a)
        cls.dept_county = DepartmentFactory(name="东县公安局", region=cls.county_a)
        cls.dept_b = DepartmentFactory(name="乙市公安局", region=cls.region_b)

        cls.item_p = ServiceItemFactory(name="省级事项", department=cls.dept_p)
        cls.item_a = ServiceItemFactory(name="甲市户籍事项", department=cls.dept_a)
        cls.item_a2 = ServiceItemFactory(name="甲市社保事项", department=cls.dept_a2)
        cls.item_county = ServiceItemFactory(
            name="东县事项", department=cls.dept_county
        )
        cls.item_b = ServiceItemFactory(name="乙市户籍事项", department=cls.dept_b)
        cls.item_b_extra = ServiceItemFactory(
            name="乙市社保事项", department=cls.dept_b
        )
        cls.draft_a = ServiceItemFactory(
            name="甲市草稿事项", department=cls.dept_a, live=False
        )
        cls.draft_b = ServiceItemFactory(
            name="乙市草稿事项", department=cls.dept_b, live=False
        )

        cls.superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
        for item in (cls.item_a, cls.item_b):
            item.save_revision(user=cls.superuser).publish(user=cls.superuser)
        for item in (cls.draft_a, cls.draft_b):
            item.save_revision(user=cls.superuser)

        cls.editor_a = make_region_editor(cls.region_a, username="editor_a")
        cls.editor_p = make_region_editor(cls.province, username="editor_p")
        cls.editor_dept = make_region_editor(
            cls.region_a, department=cls.dept_a, username="editor_dept"
        )

    def login(self, user):
        self.client.force_login(user)

    def listing(self, user):
        self.login(user)
        response = self.client.get(admin_url(ServiceItem, "list"))
        self.assertEqual(response.status_code, 200)
        return response


class ServiceItemListingScopeTests(ScopedAdminTestCase):
    def test_region_editor_lists_own_region_and_regions_below(self):
        """A region editor lists the items of the region and its county, not B's."""
        response = self.listing(self.editor_a)
        for name in ("甲市户籍事项", "甲市社保事项", "东县事项", "甲市草稿事项"):
            self.assertContains(response, name)
        for name in ("乙市户籍事项", "乙市社保事项", "乙市草稿事项", "省级事项"):
            self.assertNotContains(response, name)

    def test_provincial_editor_lists_province_and_child_regions(self):
        """A province-scoped editor sees the province's items and those of region A."""
        response = self.listing(self.editor_p)
        for name in ("省级事项", "甲市户籍事项", "东县事项"):
            self.assertContains(response, name)
        self.assertNotContains(response, "乙市户籍事项")

    def test_department_editor_lists_only_that_department(self):
        """A department-scoped editor sees only the items of that department."""
        response = self.listing(self.editor_dept)
        self.assertContains(response, "甲市户籍事项")
        for name in ("甲市社保事项", "东县事项", "乙市户籍事项", "省级事项"):
            self.assertNotContains(response, name)

    def test_department_editor_cannot_open_other_department_item(self):
        """A department-scoped editor gets 404 for another department's item."""
        self.login(self.editor_dept)
        self.assertEqual(
            self.client.get(admin_url(ServiceItem, "edit", self.item_a)).status_code,
            200,
        )
        response = self.client.get(admin_url(ServiceItem, "edit", self.item_a2))
        self.assertIn(response.status_code, REFUSED)


class ServiceItemObjectUrlScopeTests(ScopedAdminTestCase):
    def start_workflow(self, item):
        """Put ``item`` in moderation, with editor A's group among the approvers."""
        workflow = Workflow.objects.create(name="审核流程")
        task = GroupApprovalTask.objects.create(name="复核")
        task.groups.add(*self.editor_a.groups.all())
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        workflow.start(item, self.superuser)
        return item.current_workflow_state

    def object_urls(self, item):
        """Every per-object URL of the item viewset, filled in for ``item``."""
        state = self.start_workflow(item)
        values = {
            "pk": quote(item.pk),
            "revision_id": item.latest_revision_id,
            "revision_id_a": "earliest",
            "revision_id_b": "latest",
            "action_name": "approve",
            "task_state_id": state.current_task_state.pk,
            "task_id": state.current_task_state.task_id,
            "workflow_state_id": state.pk,
        }
        urls = {}
        for pattern in ServiceItem.snippet_viewset.get_urlpatterns():
            names = pattern.pattern.regex.groupindex
            if "pk" in names:
                kwargs = {name: values[name] for name in names}
                urls[pattern.name] = reverse(
                    ServiceItem.snippet_viewset.get_url_name(pattern.name),
                    kwargs=kwargs,
                )
        return urls

    def test_every_object_url_refuses_out_of_scope_item(self):
        """GET and POST on every per-object URL for B's item are refused to editor A."""
        urls = self.object_urls(self.item_b)
        expected = {
            "edit",
            "delete",
            "usage",
            "history",
            "inspect",
            "preview_on_edit",
            "revisions_view",
            "revisions_compare",
            "lock",
            "unlock",
            "unpublish",
            "workflow_history",
            "workflow_history_detail",
        }
        self.assertLessEqual(expected, set(urls))
        self.login(self.superuser)
        reachable = {
            name
            for name, url in urls.items()
            if self.client.get(url).status_code == 200
        }
        self.assertLessEqual(expected - {"lock", "unlock"}, reachable)

        self.login(self.editor_a)
        for name, url in urls.items():
            with self.subTest(view=name):
                if name == "workflow_action":
                    # Refused with a message that says why, on the dashboard.
                    for response in (self.client.get(url), self.client.post(url)):
                        self.assertRedirects(
                            response,
                            reverse("wagtailadmin_home"),
                            fetch_redirect_response=False,
                        )
                    continue
                self.assertIn(self.client.get(url).status_code, REFUSED)
                self.assertIn(self.client.post(url).status_code, REFUSED)
        item = ServiceItem.objects.get(pk=self.item_b.pk)
        self.assertTrue(item.live)
        self.assertFalse(item.locked)
        self.assertEqual(item.current_workflow_state.status, "in_progress")

    def test_lock_out_of_scope_item_is_refused(self):
        """Editor A can lock A's item but POST lock on B's item leaves it unlocked."""
        self.login(self.editor_a)
        self.client.post(admin_url(ServiceItem, "lock", self.item_a))
        self.assertTrue(ServiceItem.objects.get(pk=self.item_a.pk).locked)
        response = self.client.post(admin_url(ServiceItem, "lock", self.item_b))
        self.assertIn(response.status_code, REFUSED)
        self.assertFalse(ServiceItem.objects.get(pk=self.item_b.pk).locked)

    def test_edit_post_does_not_change_out_of_scope_item(self):
        """Posting B's edit form as editor A saves nothing and adds no revision."""
        self.login(self.superuser)
        data = editor_form_data(
            self.client, admin_url(ServiceItem, "edit", self.item_b)
        )
        data["name"] = "被改名的事项"
        revisions = self.item_b.revisions.count()
        self.login(self.editor_a)
        response = self.client.post(admin_url(ServiceItem, "edit", self.item_b), data)
        self.assertIn(response.status_code, REFUSED)
        item = ServiceItem.objects.get(pk=self.item_b.pk)
        self.assertEqual(item.name, "乙市户籍事项")
        self.assertEqual(item.revisions.count(), revisions)
        self.assertEqual(item.get_latest_revision_as_object().name, "乙市户籍事项")

    def test_delete_post_does_not_delete_out_of_scope_item(self):
        """POST delete of B's item as editor A keeps it; for A's item it deletes."""
        self.login(self.editor_a)
        response = self.client.post(admin_url(ServiceItem, "delete", self.item_b))
        self.assertIn(response.status_code, REFUSED)
        self.assertTrue(ServiceItem.objects.filter(pk=self.item_b.pk).exists())
        self.client.post(admin_url(ServiceItem, "delete", self.item_a2))
        self.assertFalse(ServiceItem.objects.filter(pk=self.item_a2.pk).exists())

    def test_action_publish_does_not_publish_out_of_scope_draft(self):
        """'action-publish' on B's draft is refused to editor A; A's draft goes live."""
        self.login(self.superuser)
        data_b = editor_form_data(
            self.client, admin_url(ServiceItem, "edit", self.draft_b)
        )
        self.login(self.editor_a)
        data_a = editor_form_data(
            self.client, admin_url(ServiceItem, "edit", self.draft_a)
        )
        for data in (data_a, data_b):
            data["action-publish"] = "action-publish"
        response = self.client.post(
            admin_url(ServiceItem, "edit", self.draft_b), data_b
        )
        self.assertIn(response.status_code, REFUSED)
        self.assertFalse(ServiceItem.objects.get(pk=self.draft_b.pk).live)
        self.client.post(admin_url(ServiceItem, "edit", self.draft_a), data_a)
        self.assertTrue(ServiceItem.objects.get(pk=self.draft_a.pk).live)


class ServiceItemBulkActionScopeTests(ScopedAdminTestCase):
    def test_bulk_delete_skips_out_of_scope_items(self):
        """Bulk delete of A's and B's items as editor A deletes only A's item."""
        self.login(self.editor_a)
        self.client.post(bulk_url("delete", [self.item_a2, self.item_b]))
        self.assertFalse(ServiceItem.objects.filter(pk=self.item_a2.pk).exists())
        self.assertTrue(ServiceItem.objects.filter(pk=self.item_b.pk).exists())

    def test_bulk_delete_of_all_keeps_out_of_scope_items(self):
        """Bulk delete with id=all as editor A leaves every item outside A's scope."""
        self.login(self.editor_a)
        path = reverse(
            "wagtail_bulk_action", args=["catalogue", "serviceitem", "delete"]
        )
        self.client.post(f"{path}?id=all")
        left = set(ServiceItem.objects.values_list("name", flat=True))
        self.assertEqual(
            left, {"省级事项", "乙市户籍事项", "乙市社保事项", "乙市草稿事项"}
        )

    def test_bulk_publish_and_unpublish_cannot_touch_out_of_scope_items(self):
        """Bulk publish/unpublish requests for B's items change neither item."""
        self.login(self.editor_a)
        for action, item in (("publish", self.draft_b), ("unpublish", self.item_b)):
            with self.subTest(action=action):
                response = self.client.post(bulk_url(action, [item]))
                self.assertIn(response.status_code, REFUSED)
                self.assertEqual(ServiceItem.objects.get(pk=item.pk).live, item.live)


class ServiceItemCreateScopeTests(ScopedAdminTestCase):
    def options(self, response, name):
        select = self.get_soup(response.content).find("select", attrs={"name": name})
        self.assertIsNotNone(select, f"no <select> for {name}")
        return {
            option.get_text(strip=True)
            for option in select.find_all("option")
            if option.get("value")
        }

    def test_add_form_offers_only_regions_and_departments_in_scope(self):
        """Editor A's add form offers region A, its county and their departments."""
        self.login(self.editor_a)
        response = self.client.get(admin_url(ServiceItem, "add"))
        self.assertEqual(self.options(response, "region"), {"甲市", "甲市东县"})
        self.assertEqual(
            self.options(response, "department"),
            {"甲市公安局", "甲市人社局", "东县公安局"},
        )

    def test_department_editor_is_offered_only_own_department(self):
        """A department-scoped editor's add form offers only that department."""
        self.login(self.editor_dept)
        response = self.client.get(admin_url(ServiceItem, "add"))
        self.assertEqual(self.options(response, "department"), {"甲市公安局"})

    def test_creating_item_in_out_of_scope_region_is_rejected(self):
        """A new item in region B comes back with form errors; nothing is created."""
        self.login(self.editor_a)
        data = editor_form_data(
            self.client, admin_url(ServiceItem, "edit", self.item_a)
        )
        data.update({"implementation_code": "TS-NEW-0001", "name": "越权新事项"})
        data.update({"region": self.region_b.pk, "department": self.dept_b.pk})
        for name in ("materials", "fees", "steps", "faqs"):
            data[f"{name}-TOTAL_FORMS"] = data[f"{name}-INITIAL_FORMS"] = "0"
        response = self.client.post(admin_url(ServiceItem, "add"), data)
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertIn("region", form.errors)
        self.assertIn("department", form.errors)
        self.assertFalse(
            ServiceItem.objects.filter(implementation_code="TS-NEW-0001").exists()
        )


class HighFrequencyListScopeTests(ScopedAdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.list_a = HighFrequencyList.objects.create(region=cls.region_a)
        HighFrequencyEntry.objects.create(
            list=cls.list_a, item=cls.item_a, sort_order=0
        )
        cls.list_b = HighFrequencyList.objects.create(region=cls.region_b)
        HighFrequencyEntry.objects.create(
            list=cls.list_b, item=cls.item_b, sort_order=0
        )

    def test_editor_can_reorder_own_region_list(self):
        """Editor A puts a new item first in A's list through the edit form."""
        self.login(self.editor_a)
        url = admin_url(HighFrequencyList, "edit", self.list_a)
        data = editor_form_data(self.client, url)
        data.update(
            {"entries-TOTAL_FORMS": "2", "entries-1-id": "", "entries-1-DELETE": ""}
        )
        # The page numbers entries from 1; the browser renumbers them on a move.
        self.assertEqual(data["entries-0-ORDER"], "1")
        data.update(
            {
                "entries-1-item": self.item_a2.pk,
                "entries-1-ORDER": "1",
                "entries-0-ORDER": "2",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        entries = self.list_a.entries.order_by("sort_order").values_list(
            "item__name", flat=True
        )
        self.assertEqual(list(entries), ["甲市社保事项", "甲市户籍事项"])

    def test_editor_cannot_add_other_region_item_to_own_list(self):
        """Adding B's item to A's list comes back with an error; nothing is saved."""
        self.login(self.editor_a)
        url = admin_url(HighFrequencyList, "edit", self.list_a)
        data = editor_form_data(self.client, url)
        data.update(
            {"entries-TOTAL_FORMS": "2", "entries-1-id": "", "entries-1-DELETE": ""}
        )
        data.update({"entries-1-item": self.item_b.pk, "entries-1-ORDER": "2"})
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        entry_forms = response.context["form"].formsets["entries"].forms
        self.assertIn("item", entry_forms[1].errors)
        self.assertEqual(
            list(self.list_a.entries.values_list("item", flat=True)), [self.item_a.pk]
        )

    def test_editor_cannot_open_other_region_list(self):
        """Every per-object URL of B's list is refused to editor A; it is not listed."""
        self.login(self.editor_a)
        for pattern in HighFrequencyList.snippet_viewset.get_urlpatterns():
            if "pk" in pattern.pattern.regex.groupindex:
                with self.subTest(view=pattern.name):
                    url = admin_url(HighFrequencyList, pattern.name, self.list_b)
                    self.assertIn(self.client.get(url).status_code, REFUSED)
        listing = self.client.get(admin_url(HighFrequencyList, "list"))
        self.assertContains(listing, admin_url(HighFrequencyList, "edit", self.list_a))
        self.assertNotContains(
            listing, admin_url(HighFrequencyList, "edit", self.list_b)
        )

    def test_editor_cannot_move_own_list_to_other_region(self):
        """Editor A cannot reassign A's list to a region outside the scope."""
        # Neither B's own list (one per region) nor A's entries may block the move.
        HighFrequencyList.objects.filter(pk=self.list_b.pk).delete()
        self.login(self.editor_a)
        url = admin_url(HighFrequencyList, "edit", self.list_a)
        data = editor_form_data(self.client, url)
        data.update({"region": self.region_b.pk, "entries-0-DELETE": "1"})
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("region", response.context["form"].errors)
        self.assertEqual(
            HighFrequencyList.objects.get(pk=self.list_a.pk).region, self.region_a
        )


class DashboardScopeTests(ScopedAdminTestCase):
    def kpi_panel(self, user):
        self.login(user)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        panel = self.get_soup(response.content).find(
            attrs={"data-catalogue-kpis": True}
        )
        self.assertIsNotNone(panel, "KPI panel missing from the dashboard")
        return panel

    @staticmethod
    def tables(panel):
        """Per KPI table: (item count of its "All" row, {row heading: item count})."""
        tables = []
        for table in panel.find_all("table"):
            rows = [
                (row.th.get_text(strip=True), int(row.td.get_text(strip=True)))
                for row in table.find("tbody").find_all("tr")
            ]
            tables.append((rows[0][1], dict(rows[1:])))
        return tables

    def test_kpi_panel_counts_only_editor_scope(self):
        """Editor A's KPI panel counts A's three live items; no row is about B."""
        tables = self.tables(self.kpi_panel(self.editor_a))
        self.assertTrue(tables)
        headings = set()
        for overall, rows in tables:
            self.assertEqual(overall, 3)
            self.assertEqual(sum(rows.values()), 3)
            headings |= set(rows)
        self.assertLessEqual({"甲市公安局", "甲市人社局", "东县公安局"}, headings)
        self.assertFalse([h for h in headings if "乙市" in h or "省" in h])

    def test_kpi_panel_of_superuser_counts_everything(self):
        """A superuser's KPI panel counts every live item, B's included."""
        tables = self.tables(self.kpi_panel(self.superuser))
        self.assertTrue(tables)
        for overall, _rows in tables:
            self.assertEqual(overall, 6)
        self.assertIn(
            ("乙市公安局", 2), [pair for _o, rows in tables for pair in rows.items()]
        )
