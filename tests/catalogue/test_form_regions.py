"""Form definitions carry a region: a city editor edits and publishes only
their region's forms, reads the province's shared ones, never sees another
city's, and links to an item only a form that region may use."""

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from catalogue.constants import ExerciseLevel
from catalogue.forms import form_usable_by
from formbuilder.models import FormDefinition
from tests.catalogue.factories import RegionFactory, make_region_editor
from tests.english import english
from tests.formbuilder.factories import make_form

FORM_PERMISSIONS = (
    "add_formdefinition",
    "change_formdefinition",
    "view_formdefinition",
    "publish_formdefinition",
)


def form_url(name, definition=None):
    args = [definition.pk] if definition else []
    return reverse(FormDefinition.snippet_viewset.get_url_name(name), args=args)


class FormRegionTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = RegionFactory(name="甲省", level=ExerciseLevel.PROVINCIAL)
        cls.city = RegionFactory(name="乙市", parent=cls.province)
        cls.other = RegionFactory(name="丙市", parent=cls.province)
        cls.editor = make_region_editor(cls.city)
        cls.editor.groups.first().permissions.add(
            *Permission.objects.filter(codename__in=FORM_PERMISSIONS)
        )
        cls.mine = make_form("city-form", title="乙市表单", region_code=cls.city.code)
        cls.shared = make_form("shared-form", title="全省共享表单", region_code="")
        cls.provincial = make_form(
            "province-form", title="甲省表单", region_code=cls.province.code
        )
        cls.theirs = make_form(
            "other-form", title="丙市表单", region_code=cls.other.code
        )

    def setUp(self):
        english(self.client)
        self.client.force_login(self.editor)

    def test_listing_shows_own_and_shared_forms_not_another_citys(self):
        response = self.client.get(form_url("list"))
        self.assertEqual(response.status_code, 200)
        for title in ("乙市表单", "全省共享表单", "甲省表单"):
            self.assertContains(response, title)
        self.assertNotContains(response, "丙市表单")

    def test_another_citys_form_is_not_found_anywhere(self):
        for url in (
            form_url("edit", self.theirs),
            form_url("inspect", self.theirs),
            reverse("formbuilder_admin:versions", args=[self.theirs.pk]),
            reverse("formbuilder_admin:preview", args=[self.theirs.pk]),
            reverse("formbuilder_admin:export", args=[self.theirs.pk]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(
            reverse("formbuilder_admin:publish", args=[self.theirs.pk])
        )
        self.assertEqual(response.status_code, 404)

    def test_own_form_opens_in_the_editor(self):
        self.assertEqual(self.client.get(form_url("edit", self.mine)).status_code, 200)

    def test_shared_forms_are_read_only_and_say_why(self):
        for definition in (self.shared, self.provincial):
            with self.subTest(form=definition.slug):
                response = self.client.get(form_url("edit", definition), follow=True)
                self.assertRedirects(response, form_url("inspect", definition))
                self.assertContains(response, "shared by the region above yours")

    def test_publishing_a_shared_form_is_refused_and_changes_nothing(self):
        before = self.shared.versions.count()
        response = self.client.post(
            reverse("formbuilder_admin:publish", args=[self.shared.pk]), follow=True
        )
        messages = " ".join(str(m) for m in response.context["messages"])
        self.assertIn("Nothing was changed", messages)
        self.assertEqual(self.shared.versions.count(), before)

    def test_the_region_is_chosen_from_the_editors_regions(self):
        response = self.client.get(form_url("add"))
        self.assertEqual(response.status_code, 200)
        field = response.context["form"].fields["region_code"]
        codes = [code for code, _label in field.choices]
        self.assertEqual(codes, [self.city.code])

    def test_creating_a_form_for_another_region_is_refused(self):
        from django.core.exceptions import ValidationError

        field = self.client.get(form_url("add")).context["form"].fields["region_code"]
        self.assertEqual(field.clean(self.city.code), self.city.code)
        for code in (self.other.code, self.province.code, ""):
            with self.subTest(code=code), self.assertRaises(ValidationError):
                field.clean(code)

    def test_item_editor_offers_only_forms_the_items_region_may_use(self):
        from django.contrib.admin.utils import quote

        from catalogue.models import ServiceItem
        from tests.catalogue.factories import ServiceItemFactory

        item = ServiceItemFactory(department__region=self.city)
        url = reverse(
            ServiceItem.snippet_viewset.get_url_name("edit"), args=[quote(item.pk)]
        )
        field = self.client.get(url).context["form"].fields["application_form"]
        titles = set(field.queryset.values_list("title", flat=True))
        self.assertEqual(titles, {"乙市表单", "全省共享表单", "甲省表单"})

    def test_shared_forms_revisions_compare_is_readable_another_citys_is_not(self):
        from formbuilder import services

        for definition in (self.shared, self.theirs):
            draft = definition.get_latest_revision_as_object()
            draft.intro = "改了简介"
            services.save_builder_draft(draft)
        url_name = FormDefinition.snippet_viewset.get_url_name("revisions_compare")
        shared = reverse(url_name, args=[self.shared.pk, "live", "latest"])
        response = self.client.get(shared)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "改了简介")
        theirs = reverse(url_name, args=[self.theirs.pk, "live", "latest"])
        self.assertEqual(self.client.get(theirs).status_code, 404)

    def test_builder_offers_the_materials_of_the_linked_items(self):
        import json

        from tests.catalogue.factories import MaterialFactory, ServiceItemFactory

        item = ServiceItemFactory(
            department__region=self.city, application_form=self.mine
        )
        MaterialFactory(item=item, name="居民户口簿")
        MaterialFactory(item=item, name="  近期照片 ")
        unlinked = ServiceItemFactory(department__region=self.city)
        MaterialFactory(item=unlinked, name="不相干的材料")
        response = self.client.get(form_url("edit", self.mine))
        html = response.content.decode()
        start = html.index('<script id="fb-materials" type="application/json">')
        payload = html[start:].split(">", 1)[1].split("</script>", 1)[0]
        self.assertEqual(json.loads(payload), ["居民户口簿", "近期照片"])
        self.assertIn("fb-builder-strings", html)


class LinkingTests(TestCase):
    def test_a_form_serves_its_region_and_the_regions_below(self):
        province = RegionFactory(name="甲省", level=ExerciseLevel.PROVINCIAL)
        city = RegionFactory(name="乙市", parent=province)
        other = RegionFactory(name="丙市", parent=province)
        cases = [
            ("", city, True),
            (province.code, city, True),
            (city.code, city, True),
            (other.code, city, False),
            (city.code, province, False),
        ]
        for code, region, expected in cases:
            with self.subTest(code=code, region=region.name):
                definition = FormDefinition(region_code=code)
                self.assertEqual(form_usable_by(definition, region), expected)
