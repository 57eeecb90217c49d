"""The item chooser and listing filters respect the editor's region scope."""

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from catalogue.models import ServiceItem
from tests.catalogue.factories import (
    GroupFactory,
    RegionFactory,
    ServiceItemFactory,
    UserFactory,
    make_region_editor,
)


class ScopedChooserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.region_a = RegionFactory(name="甲市")
        cls.region_b = RegionFactory(name="乙市")
        cls.item_a = ServiceItemFactory(
            name="甲市事项", department__region=cls.region_a
        )
        cls.item_b = ServiceItemFactory(
            name="乙市事项", department__region=cls.region_b
        )
        cls.editor = make_region_editor(cls.region_a)

    def setUp(self):
        self.client.force_login(self.editor)

    def _chooser_url(self, name, *args):
        viewset = ServiceItem.snippet_viewset.chooser_viewset
        return reverse(viewset.get_url_name(name), args=args)

    def test_chooser_lists_only_items_in_scope(self):
        """The chooser modal offers the editor's items and hides other regions'."""
        response = self.client.get(self._chooser_url("choose"))
        self.assertEqual(response.status_code, 200)
        html = response.json()["html"]
        self.assertIn("甲市事项", html)
        self.assertNotIn("乙市事项", html)

    def test_choosing_an_item_of_another_region_is_not_found(self):
        """The 'chosen' step refuses an item outside the scope, even by direct URL."""
        ok = self.client.get(self._chooser_url("chosen", self.item_a.pk))
        self.assertEqual(ok.status_code, 200)
        refused = self.client.get(self._chooser_url("chosen", self.item_b.pk))
        self.assertEqual(refused.status_code, 404)

    def test_chooser_search_answers_with_items_in_scope_only(self):
        """Searching in the chooser works for a scoped editor and stays scoped."""
        ServiceItemFactory(name="甲市身份证换领", department__region=self.region_a)
        ServiceItemFactory(name="乙市身份证换领", department__region=self.region_b)
        response = self.client.get(self._chooser_url("choose_results"), {"q": "身份证"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "甲市身份证换领")
        self.assertNotContains(response, "乙市身份证换领")

    def test_chooser_search_for_a_department_scoped_editor(self):
        """A department-level grant narrows the search results to that department."""
        mine = ServiceItemFactory(
            name="甲市身份证换领", department__region=self.region_a
        )
        other = ServiceItemFactory(
            name="甲市身份证挂失", department__region=self.region_a
        )
        editor = make_region_editor(self.region_a, department=mine.department)
        self.client.force_login(editor)
        response = self.client.get(self._chooser_url("choose_results"), {"q": "身份证"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, mine.name)
        self.assertNotContains(response, other.name)

    def test_chooser_search_without_any_scope_finds_nothing(self):
        """An editor without any region grant searches and gets an empty answer, not a 500."""
        group = GroupFactory()
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="change_serviceitem"),
        )
        user = UserFactory()
        user.groups.add(group)
        self.client.force_login(user)
        ServiceItemFactory(name="甲市身份证换领", department__region=self.region_a)
        response = self.client.get(self._chooser_url("choose_results"), {"q": "身份证"})
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "甲市身份证换领")

    def test_listing_filters_name_only_regions_in_scope(self):
        """The region filter of the item listing names only the editor's regions."""
        url = reverse(ServiceItem.snippet_viewset.get_url_name("list"))
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "甲市")
        self.assertNotContains(response, "乙市")


class AdminSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        region = RegionFactory()
        ServiceItemFactory(name="居民身份证换领", department__region=region)
        ServiceItemFactory(
            name="结婚登记", aliases="领证\n结婚证", department__region=region
        )
        cls.editor = make_region_editor(region)

    def _search(self, q):
        self.client.force_login(self.editor)
        url = reverse(ServiceItem.snippet_viewset.get_url_name("list"))
        return self.client.get(url, {"q": q})

    def test_chinese_word_inside_a_title_is_found(self):
        """An editor searching 身份证 finds 居民身份证换领 (not only whole titles)."""
        response = self._search("身份证")
        self.assertContains(response, "居民身份证换领")
        self.assertNotContains(response, "结婚登记")

    def test_aliases_are_searched(self):
        """Citizen aliases count too: 结婚证 finds 结婚登记."""
        response = self._search("结婚证")
        self.assertContains(response, "结婚登记")
        self.assertNotContains(response, "居民身份证换领")
