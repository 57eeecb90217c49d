"""Choosers by code: the inbox picks items and regions, the builder and the
form import pick the owning region, all through Wagtail choosers limited to
the editor's scope, submitting codes (the form builder never stores ids)."""

import json

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from catalogue.code_choosers import item_code_chooser, region_code_chooser
from catalogue.constants import ExerciseLevel
from formbuilder.models import FormDefinition
from tests.catalogue.factories import (
    RegionFactory,
    ServiceItemFactory,
    make_region_editor,
)
from tests.english import english
from tests.formbuilder.factories import make_form
from tests.formbuilder.test_inbox import submit

INBOX = "/admin/formbuilder/submissions/"
FORM_PERMISSIONS = (
    "add_formdefinition",
    "change_formdefinition",
    "view_formdefinition",
    "view_submission",
    "change_submission",
)


def chooser_url(viewset, name, *args):
    return reverse(viewset.get_url_name(name), args=args)


class CodeChooserTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = RegionFactory(name="甲省", level=ExerciseLevel.PROVINCIAL)
        cls.city = RegionFactory(name="乙市", parent=cls.province)
        cls.other = RegionFactory(name="丙市", parent=cls.province)
        cls.item = ServiceItemFactory(
            name="乙市身份证换领", department__region=cls.city
        )
        cls.theirs = ServiceItemFactory(
            name="丙市身份证换领", department__region=cls.other
        )
        cls.editor = make_region_editor(cls.city)
        cls.editor.groups.first().permissions.add(
            *Permission.objects.filter(codename__in=FORM_PERMISSIONS)
        )

    def setUp(self):
        english(self.client)
        self.client.force_login(self.editor)

    def test_item_chooser_searches_the_editors_items_only(self):
        response = self.client.get(
            chooser_url(item_code_chooser, "choose_results"), {"q": "身份证"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "乙市身份证换领")
        self.assertContains(response, self.item.implementation_code)
        self.assertNotContains(response, "丙市身份证换领")

    def test_choosing_gives_the_code_and_refuses_another_regions(self):
        chosen = self.client.get(chooser_url(item_code_chooser, "chosen", self.item.pk))
        self.assertEqual(chosen.status_code, 200)
        self.assertEqual(chosen.json()["result"]["id"], self.item.implementation_code)
        refused = self.client.get(
            chooser_url(item_code_chooser, "chosen", self.theirs.pk)
        )
        self.assertEqual(refused.status_code, 404)
        region = self.client.get(
            chooser_url(region_code_chooser, "chosen", self.city.pk)
        )
        self.assertEqual(region.json()["result"]["id"], self.city.code)
        self.assertEqual(
            self.client.get(
                chooser_url(region_code_chooser, "chosen", self.other.pk)
            ).status_code,
            404,
        )

    def test_region_chooser_lists_the_editors_regions(self):
        response = self.client.get(chooser_url(region_code_chooser, "choose"))
        html = response.json()["html"]
        self.assertIn("乙市", html)
        self.assertNotIn("丙市", html)
        self.assertNotIn("甲省", html)

    def test_inbox_filters_are_choosers_and_filter_by_code(self):
        definition = make_form("inbox-choosers", region_code=self.city.code)
        mine = submit(definition, self.city.code, self.item.implementation_code)
        other = submit(definition, self.city.code, "ELSEWHERE-1")
        page = self.client.get(INBOX)
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        modal = chooser_url(item_code_chooser, "choose")
        self.assertIn(modal, html)
        self.assertIn(chooser_url(region_code_chooser, "choose"), html)
        filtered = self.client.get(
            INBOX, {"subject_code": self.item.implementation_code}
        ).content.decode()
        self.assertIn(mine.reference, filtered)
        self.assertNotIn(other.reference, filtered)
        # The chosen item is shown by name in the filter, not as a bare code.
        self.assertIn("乙市身份证换领", filtered)
        by_region = self.client.get(INBOX, {"region_code": self.other.code})
        self.assertEqual(by_region.status_code, 200)
        self.assertNotIn(mine.reference, by_region.content.decode())

    def test_builder_region_is_a_chooser_of_the_editors_regions(self):
        response = self.client.get(
            reverse(FormDefinition.snippet_viewset.get_url_name("add"))
        )
        self.assertEqual(response.status_code, 200)
        field = response.context["form"].fields["region_code"]
        self.assertEqual([c for c, _label in field.choices], [self.city.code])
        self.assertIn(
            chooser_url(region_code_chooser, "choose"), response.content.decode()
        )
        self.assertEqual(field.clean(self.city.code), self.city.code)

    def test_a_city_editors_imported_form_belongs_to_their_region(self):
        source = make_form("exported-form", region_code="")
        exported = self.client.get(
            reverse("formbuilder_admin:export", args=[source.pk])
        ).content
        document = json.loads(exported)
        document["slug"] = "imported-by-city"
        upload = SimpleUploadedFile(
            "form.json", json.dumps(document).encode(), "application/json"
        )
        url = reverse("formbuilder_admin:import")
        refused = self.client.post(
            url, {"file": upload, "region_code": self.other.code}
        )
        self.assertEqual(refused.status_code, 200)
        self.assertFalse(
            FormDefinition.objects.filter(slug="imported-by-city").exists()
        )
        upload.seek(0)
        self.client.post(url, {"file": upload, "region_code": self.city.code})
        imported = FormDefinition.objects.get(slug="imported-by-city")
        self.assertEqual(imported.region_code, self.city.code)
        edit = reverse(
            FormDefinition.snippet_viewset.get_url_name("edit"), args=[imported.pk]
        )
        self.assertEqual(self.client.get(edit).status_code, 200)
