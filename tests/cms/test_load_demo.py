"""The shipped demo catalogue: loading, idempotence, logins, pages and KPIs.

Loading takes tens of seconds, so ``setUpTestData`` runs ``load_demo`` twice
for the whole class and keeps both results and the object counts around the
second run.
"""

import json
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase, override_settings
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

from catalogue import services
from catalogue.models import (
    Department,
    EditorScope,
    HighFrequencyEntry,
    Material,
    Region,
    ServiceItem,
)
from cms.demo import DEMO_FILE, load_demo
from formbuilder.models import Submission, Upload

ITEMS = 379
MATERIALS = 1145

# Published summary in the shared data (../shared/data/catalogue.json,
# "summary"), computed by the data's author independently of our code.
# key: (all items, 海川市, 青禾市)
PUBLISHED = {
    "items": (379, 172, 163),
    "materials": (1145, 515, 488),
    "full_online_rate": (0.4749, 0.5581, 0.362),
    "immediate_rate": (0.3562, 0.3953, 0.362),
    "zero_visit_rate": (0.4802, 0.5581, 0.3742),
    "average_visits": (0.5541, 0.4709, 0.6687),
    "promise_compression_ratio": (0.5195, 0.588, 0.5121),
    "promise_compression_basis": (192, 82, 79),
    "material_waived_rate": (0.5135, 0.5398, 0.5348),
}

TRACKED = {
    "Submission": Submission,
    "Upload": Upload,
    "ServiceItem": ServiceItem,
    "Material": Material,
    "Revision": Revision,
    "Page": Page,
    "User": get_user_model(),
    "Group": Group,
    "Region": Region,
    "Department": Department,
    "EditorScope": EditorScope,
    "HighFrequencyEntry": HighFrequencyEntry,
    "ModelLogEntry": ModelLogEntry,
    "PageLogEntry": PageLogEntry,
}


def _snapshot():
    """Count and highest id of each tracked model."""
    return {
        name: (
            model.objects.count(),
            max(model.objects.values_list("pk", flat=True), default=0),
        )
        for name, model in TRACKED.items()
    }


class LoadDemoTests(TestCase):
    @classmethod
    def setUpClass(cls):
        # load_demo keeps its password under VAR_DIR: use a throw-away one.
        var_dir = cls.enterClassContext(tempfile.TemporaryDirectory())
        cls.enterClassContext(override_settings(VAR_DIR=Path(var_dir)))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        cls.first = load_demo()
        cls.after_first = _snapshot()
        cls.second = load_demo()
        cls.after_second = _snapshot()

    def test_first_run_creates_everything(self):
        """One run creates all 379 items, 1145 materials and 3 regions."""
        self.assertEqual(
            (
                self.first.items_created,
                self.first.items_updated,
                self.first.items_unchanged,
            ),
            (ITEMS, 0, 0),
        )
        self.assertEqual(ServiceItem.objects.count(), ITEMS)
        self.assertEqual(Material.objects.count(), MATERIALS)
        self.assertEqual(Region.objects.count(), 3)
        self.assertEqual(ServiceItem.objects.public().count(), ITEMS)

    def test_second_run_changes_nothing(self):
        """A second run reports 0 created, 0 updated, 379 unchanged."""
        self.assertEqual(
            (
                self.second.items_created,
                self.second.items_updated,
                self.second.items_unchanged,
            ),
            (0, 0, ITEMS),
        )

    def test_second_run_creates_no_objects(self):
        """Counts and highest ids (items, revisions, pages, users …) stay put."""
        for name, before in self.after_first.items():
            with self.subTest(name):
                self.assertEqual(self.after_second[name], before)

    def test_demo_applications_fill_the_inbox(self):
        """Applications in both cities, one leaving its 容缺 material for later."""
        by_region = {
            code: Submission.objects.filter(region_code=code).count()
            for code in ("990100", "990200")
        }
        self.assertGreaterEqual(by_region["990100"], 2)
        self.assertGreaterEqual(by_region["990200"], 1)
        owing = Submission.objects.filter(owed_materials__isnull=False).distinct()
        self.assertEqual(owing.count(), 1)
        rongque = owing.get()
        self.assertTrue(rongque.context["extra_commitment"])
        self.assertIs(rongque.answers["rongque_commitment"], True)
        # Its required uploads were claimed by it; the owed one was left out.
        self.assertTrue(rongque.uploads.exists())
        owed = rongque.owed_materials.get()
        self.assertFalse(rongque.answers.get(owed.field_key))
        for submission in Submission.objects.all():
            with self.subTest(submission.reference):
                self.assertEqual(submission.history.count(), 1)

    def test_items_match_their_data(self):
        """Each loaded item equals its row in the demo file (spot check)."""
        row = next(
            i for i in self.data["items"] if i["implementation_code"] == "HC-GA-001"
        )
        item = ServiceItem.objects.get(implementation_code="HC-GA-001")
        self.assertEqual(item.name, row["name"])
        self.assertEqual(item.region.code, "990100")
        self.assertEqual(
            [m.name for m in item.materials.all()],
            [m["name"] for m in row["materials"]],
        )
        self.assertTrue(item.live)
        self.assertEqual(item.revisions.count(), 1)

    def test_children_keep_the_file_order(self):
        """Materials, fees and FAQs get sort_order 0, 1, … as in the file.

        Without it their order is whatever the database returns (PostgreSQL
        shuffles them), so guides misnumber materials and re-runs see changes.
        """
        for relation in ("materials", "fees", "faqs"):  # the file has no steps
            with self.subTest(relation):
                rows = [i for i in self.data["items"] if len(i[relation]) > 1]
                self.assertTrue(rows)
                for row in rows:
                    item = ServiceItem.objects.get(
                        implementation_code=row["implementation_code"]
                    )
                    orders = list(
                        getattr(item, relation).values_list("sort_order", flat=True)
                    )
                    self.assertEqual(
                        orders,
                        list(range(len(row[relation]))),
                        row["implementation_code"],
                    )

    def test_demo_items_are_reviewed_by_their_region(self):
        """The demo workflow has the regional task: 海川's approvers and the
        province's review 海川's items, 青禾's do not."""
        from django.contrib.auth import get_user_model
        from wagtail.models import WorkflowContentType

        from catalogue.models import RegionalApprovalTask
        from catalogue.review import may_review_item

        link = WorkflowContentType.objects.get(
            content_type=ServiceItem().get_base_content_type()
        )
        self.assertEqual(link.workflow.name, "事项发布审核")
        tasks = [t.specific for t in link.workflow.tasks]
        self.assertTrue(tasks)
        self.assertTrue(all(isinstance(t, RegionalApprovalTask) for t in tasks))
        item = ServiceItem.objects.get(implementation_code="HC-GA-003")
        users = get_user_model().objects
        verdicts = {
            name: may_review_item(item, users.get(username=name))
            for name in ("jh-approver", "hc-approver", "qh-approver", "hc-editor")
        }
        self.assertEqual(
            verdicts,
            {
                "jh-approver": True,
                "hc-approver": True,
                "qh-approver": False,
                "hc-editor": False,
            },
        )

    def test_demo_users_exist_and_can_log_in(self):
        """Every demo login works on the admin login form and reaches the dashboard."""
        usernames = [username for username, _password, _label in self.second.logins]
        self.assertEqual(
            usernames,
            [
                "admin",
                "jh-editor",
                "hc-editor",
                "qh-editor",
                "jh-approver",
                "hc-approver",
                "qh-approver",
            ],
        )
        self.assertEqual(self.first.logins, self.second.logins)
        for username, password, _label in self.second.logins:
            with self.subTest(username):
                self.client.logout()
                response = self.client.post(
                    "/admin/login/", {"username": username, "password": password}
                )
                self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
                self.assertEqual(self.client.get("/admin/").status_code, 200)
        self.client.logout()
        response = self.client.post(
            "/admin/login/", {"username": "hc-editor", "password": "wrong-password"}
        )
        self.assertEqual(response.status_code, 200)  # form shown again

    def test_high_frequency_lists_hold_what_citizens_use_most(self):
        """Each site's home lists ID cards, social security cards, 公积金 …
        first, in the order the demo's editors set (the data file's)."""
        wanted = [
            "身份证",
            "社会保障卡",
            "公积金提取",
            "户口迁移",
            "出生登记",
            "设立登记",
        ]
        with self.settings(ALLOWED_HOSTS=["localhost", ".localhost"]):
            self._check_lists(wanted)

    def _check_lists(self, wanted):
        for host, region in (("localhost", "990000"), ("hc.localhost", "990100")):
            response = self.client.get("/", headers={"host": host})
            shown = response.context["high_frequency_items"]
            codes = [item.implementation_code for item in shown]
            self.assertEqual(codes, self.data["high_frequency"][region][: len(codes)])
            names = "|".join(item.name for item in shown[:6])
            for word in wanted:
                self.assertIn(word, names.replace("住房公积金提取", "公积金提取"))
        self.assertEqual(
            self.client.get("/", headers={"host": "hc.localhost"}).context["site_name"],
            "海川市政务服务网",
        )

    def test_home_page_renders(self):
        """The home page lists the province's high-frequency items in file order."""
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        shown = [
            item.implementation_code
            for item in response.context["high_frequency_items"]
        ]
        self.assertEqual(shown, self.data["high_frequency"]["990000"])

    def test_item_guide_renders(self):
        """/items/HC-GA-001/ renders the guide of that item."""
        response = self.client.get("/items/HC-GA-001/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "居民身份证申领（首次申领）")
        self.assertContains(response, "居民户口簿")

    def test_kpis_match_published_summary(self):
        """Demo KPIs equal the data author's summary, overall and per city."""
        regions = (
            None,
            Region.objects.get(code="990100"),
            Region.objects.get(code="990200"),
        )
        for index, region in enumerate(regions):
            report = services.catalogue_kpis(region=region).as_dict()
            for key, values in PUBLISHED.items():
                with self.subTest(region=getattr(region, "name", "all"), kpi=key):
                    self.assertEqual(report[key], values[index])
