"""Editing in-scope service items through the admin forms.

The forms are posted as the browser would send them: the add form from
hand-built nested data, the edit form from the rendered page.
"""

from django.contrib.admin.utils import quote
from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
)

from catalogue.constants import (
    Audience,
    Channel,
    ExerciseLevel,
    HandlingType,
    ItemStatus,
    ItemType,
    MaterialForm,
    MaterialMedium,
    MaterialSource,
    OnlineDepth,
    ReviewType,
    TimeUnit,
    TongbanScope,
)
from catalogue.models import ServiceItem

from .factories import (
    DepartmentFactory,
    RegionFactory,
    ServiceItemFactory,
    make_region_editor,
)


def item_url(view_name, item=None):
    args = [quote(item.pk)] if item is not None else []
    return reverse(ServiceItem.snippet_viewset.get_url_name(view_name), args=args)


def material(name, **fields):
    return {
        "id": "",
        "name": name,
        "required": "on",
        "form": MaterialForm.ORIGINAL,
        "medium": MaterialMedium.PAPER,
        "copies": "1",
        "source": MaterialSource.APPLICANT,
        "waive_via": "",
        "note": "",
        "blank_form": "",
        "sample_file": "",
        **fields,
    }


def new_item_data(department, materials=()):
    """Add-form data for a valid promised item (承诺件) of ``department``."""
    data = nested_form_data(
        {
            "implementation_code": "TS-NEW-0001",
            "catalogue_code": "0700001000",
            "name": "新设事项",
            "aliases": "",
            "region": department.region_id,
            "department": department.pk,
            "handling_office": "",
            "item_type": ItemType.CONFIRMATION,
            "exercise_level": ExerciseLevel.MUNICIPAL,
            "status": ItemStatus.ACTIVE,
            "handling_type": HandlingType.PROMISED,
            "review_type": ReviewType.PRIOR_REVIEW,
            "legal_limit_value": "20",
            "legal_limit_unit": TimeUnit.WORKING_DAY,
            "legal_limit_note": "",
            "promised_limit_value": "10",
            "promised_limit_unit": TimeUnit.WORKING_DAY,
            "promised_limit_note": "",
            "visits": "1",
            "must_visit_reason": "需现场核验身份",
            "is_online": "on",
            "online_depth": OnlineDepth.LEVEL_3,
            "online_url": "",
            "tongban_scope": TongbanScope.NONE,
            "accept_conditions": "",
            "legal_basis": "",
            "result_name": "",
            "result_type": "",
            "result_sample": "",
            "address": "",
            "office_hours": "",
            "consult_phone": "12345",
            "complaint_phone": "12389",
            "materials": inline_formset(list(materials)),
            "fees": inline_formset([]),
            "steps": inline_formset([]),
            "faqs": inline_formset([]),
        }
    )
    data["audience"] = [Audience.NATURAL_PERSON]
    data["channels"] = [Channel.WEB, Channel.WINDOW]
    return data


class ServiceItemEditingTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.region = RegionFactory(name="甲市")
        cls.department = DepartmentFactory(name="甲市公安局", region=cls.region)
        cls.item = ServiceItemFactory(name="户籍迁入", department=cls.department)
        cls.editor = make_region_editor(cls.region, username="editor_a")

    def setUp(self):
        self.client.force_login(self.editor)

    def edit_form_data(self, item):
        """The edit form's data exactly as the page renders it."""
        response = self.client.get(item_url("edit", item))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        data = querydict_from_html(html, form_id="w-editor-form")
        for name in ("topics", "life_events", "bundles"):
            data.setlist(name, [])  # the helper picks the first option of empty selects
        form = self.get_soup(html).find("form", id="w-editor-form")
        for box in form.find_all("input", type="checkbox", checked=True, value=False):
            data[box["name"]] = "on"  # what a browser sends for a box without a value
        return data

    def assert_rejected(self, data, field):
        """The edit form comes back with an error on ``field``; nothing is saved."""
        revisions = self.item.revisions.count()
        response = self.client.post(item_url("edit", self.item), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn(field, response.context["form"].errors)
        item = ServiceItem.objects.get(pk=self.item.pk)
        self.assertEqual(item.revisions.count(), revisions)
        self.assertEqual(
            (item.promised_limit_value, item.online_depth, item.visits),
            (self.item.promised_limit_value, self.item.online_depth, self.item.visits),
        )

    def test_editor_creates_item_with_materials_in_order(self):
        """The add form with two materials creates the item with both, in order."""
        data = new_item_data(
            self.department, [material("居民身份证"), material("户口簿")]
        )
        response = self.client.post(item_url("add"), data)
        self.assertEqual(response.status_code, 302)
        item = ServiceItem.objects.get(implementation_code="TS-NEW-0001")
        self.assertEqual(
            (item.name, item.region, item.department),
            ("新设事项", self.region, self.department),
        )
        names = item.materials.order_by("sort_order").values_list("name", flat=True)
        self.assertEqual(list(names), ["居民身份证", "户口簿"])

    def test_editor_creates_and_publishes_item(self):
        """'action-publish' on the add form creates a live item citizens can see."""
        data = new_item_data(self.department)
        data["action-publish"] = "action-publish"
        self.client.post(item_url("add"), data)
        item = ServiceItem.objects.get(implementation_code="TS-NEW-0001")
        self.assertTrue(item.live)
        self.assertIn(item, ServiceItem.objects.public())

    def test_invalid_material_is_rejected_on_add(self):
        """A waived material without a waiver method blocks creation, with an error."""
        waived = material("营业执照", waivable="on", waive_via="")
        data = new_item_data(self.department, [material("居民身份证"), waived])
        response = self.client.post(item_url("add"), data)
        self.assertEqual(response.status_code, 200)
        material_forms = response.context["form"].formsets["materials"].forms
        self.assertIn("waive_via", material_forms[1].errors)
        self.assertFalse(
            ServiceItem.objects.filter(implementation_code="TS-NEW-0001").exists()
        )

    def test_editor_saves_draft_of_in_scope_item(self):
        """Saving the edit form keeps the live item and stores the change as a draft."""
        data = self.edit_form_data(self.item)
        data["name"] = "户籍迁入（新）"
        response = self.client.post(item_url("edit", self.item), data)
        self.assertEqual(response.status_code, 302)
        item = ServiceItem.objects.get(pk=self.item.pk)
        self.assertEqual(item.name, "户籍迁入")
        self.assertTrue(item.has_unpublished_changes)
        self.assertEqual(item.get_latest_revision_as_object().name, "户籍迁入（新）")

    def test_promised_limit_longer_than_legal_limit_is_rejected(self):
        """A promised limit above the legal limit is an error on the promised limit."""
        data = self.edit_form_data(self.item)
        data["promised_limit_value"] = "30"  # legal limit is 20 working days
        self.assert_rejected(data, "promised_limit_value")

    def test_fully_online_item_with_visits_is_rejected(self):
        """Online depth Ⅳ (全程网办) with a visit to the hall is an error on visits."""
        data = self.edit_form_data(self.item)
        data["online_depth"] = OnlineDepth.LEVEL_4
        self.assertEqual(data["visits"], "1")
        self.assert_rejected(data, "visits")

    def test_warnings_panel_flags_same_consult_and_complaint_phone(self):
        """The warnings panel shows the same-phones warning, and only for that item."""
        same = ServiceItemFactory(
            department=self.department, consult_phone="12345", complaint_phone="12345"
        )
        for item, expected in ((same, 1), (self.item, 0)):
            response = self.client.get(item_url("edit", item))
            soup = self.get_soup(response.content)
            found = soup.select('[data-rule-warnings] [data-code="same_phones"]')
            self.assertEqual(len(found), expected, item)
