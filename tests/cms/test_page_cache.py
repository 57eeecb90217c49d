"""Public pages come from the page cache; publishing retires exactly their pages."""

from unittest import mock

from django.contrib.auth import get_user_model
from django.test import RequestFactory, TestCase, override_settings
from django.utils import timezone

from catalogue import services as catalogue_services
from catalogue.indexing import announce_changed
from cms.pagecache import middleware as page_middleware
from cms.pagecache import policy
from tests.catalogue.factories import ServiceItemFactory
from tests.cms.site import make_site

from .factories import add_guide_page, add_zone

STATE = page_middleware.HIT_HEADER


@override_settings(PAGE_CACHE_SECONDS=600)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()

    def setUp(self):
        self.item = ServiceItemFactory(implementation_code="PC-001", name="出生登记")
        self.other = ServiceItemFactory(implementation_code="PC-002", name="渔船登记")
        self.guide = add_guide_page(self.home, title="出生图解", items=[self.item])
        self.unrelated = add_guide_page(
            self.home, title="渔船图解", slug="boats", items=[self.other]
        )

    def get(self, path, **extra):
        return self.client.get(path, **extra)

    def warm(self, *paths):
        for path in paths:
            self.assertEqual(self.get(path)[STATE], "miss", path)
            self.assertEqual(self.get(path)[STATE], "hit", path)

    def rename(self, item, name):
        item.refresh_from_db()
        item.name = name
        with self.captureOnCommitCallbacks(execute=True):
            catalogue_services.publish_item(item=item)

    def test_second_view_is_the_same_page_from_the_cache(self):
        first = self.get("/items/PC-001/")
        second = self.get("/items/PC-001/")
        self.assertEqual((first.status_code, first[STATE]), (200, "miss"))
        self.assertEqual(second[STATE], "hit")
        self.assertEqual(first.content, second.content)
        self.assertContains(second, "出生登记")
        self.assertEqual(first["ETag"], second["ETag"])
        self.assertIn("must-revalidate", second["Cache-Control"])

    def test_phones_revalidate_with_etag_and_last_modified(self):
        first = self.get("/items/PC-001/")
        by_tag = self.get("/items/PC-001/", HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = self.get(
            "/items/PC-001/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        )
        stale = self.get("/items/PC-001/", HTTP_IF_NONE_MATCH='"other"')
        self.assertEqual((by_tag.status_code, by_tag.content), (304, b""))
        self.assertEqual(by_date.status_code, 304)
        self.assertEqual(stale.status_code, 200)

    def test_variants_are_kept_apart(self):
        self.warm("/items/PC-001/")
        elder = self.get("/items/PC-001/?elder=1")
        self.assertEqual(elder[STATE], "miss")
        self.client.cookies["banshi_elder"] = "1"
        self.assertEqual(self.get("/items/PC-001/")[STATE], "miss")
        self.client.cookies["django_language"] = "en"
        english = self.get("/items/PC-001/")
        self.assertEqual(english[STATE], "miss")
        self.assertIn('lang="en"', english.content.decode())
        self.client.cookies["banshi_region"] = "110000"
        self.assertEqual(self.get("/items/PC-001/")[STATE], "miss")
        self.assertEqual(
            self.get("/items/PC-001/", HTTP_HOST="localhost")[STATE], "miss"
        )

    def test_logged_in_editors_are_never_served_or_stored(self):
        self.warm("/items/PC-001/")
        editor = get_user_model().objects.create_superuser("ed", "ed@example.com", "x")
        self.client.force_login(editor)
        response = self.get("/items/PC-001/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(STATE, response)
        self.client.logout()
        self.assertEqual(self.get("/items/PC-001/")[STATE], "hit")

    def test_pending_messages_skip_the_cache(self):
        self.warm("/items/PC-001/")
        self.client.cookies["messages"] = "x"
        self.assertNotIn(STATE, self.get("/items/PC-001/"))

    def test_a_response_setting_a_cookie_is_not_stored(self):
        response = self.get("/?region=" + self.item.region.code)
        self.assertIn("banshi_region", response.cookies)
        self.assertNotIn(STATE, response)

    def test_publishing_an_item_retires_its_pages_and_no_others(self):
        self.warm("/items/PC-001/", "/items/PC-002/", "/", "/guide/", "/boats/")
        self.rename(self.item, "婴儿出生登记")
        fresh = self.get("/items/PC-001/")
        self.assertEqual(fresh[STATE], "miss")
        self.assertContains(fresh, "婴儿出生登记")
        self.assertEqual(self.get("/guide/")[STATE], "miss")  # links to it
        self.assertEqual(self.get("/")[STATE], "miss")  # counts and lists
        self.assertEqual(self.get("/items/PC-002/")[STATE], "hit")
        self.assertEqual(self.get("/boats/")[STATE], "hit")

    def test_another_process_purge_shows_once_tokens_are_rechecked(self):
        from django.core.cache import cache

        from cms.pagecache import store

        self.warm("/items/PC-001/")
        cache.set(store.path_token("/items/PC-001/"), 1)  # as another process would
        with override_settings(PAGE_CACHE_RECHECK_SECONDS=3600):
            self.assertEqual(self.get("/items/PC-001/")[STATE], "hit")
        with override_settings(PAGE_CACHE_RECHECK_SECONDS=0):
            self.assertEqual(self.get("/items/PC-001/")[STATE], "miss")

    def test_a_retired_copy_gives_way_to_the_page_another_process_rendered(self):
        """After a purge the first process to render serves every other one."""
        from dataclasses import replace

        from django.core.cache import cache

        from cms.pagecache import store

        path = "/items/PC-001/"
        self.warm(path)
        ((key, kept),) = store._local.entries.items()
        # Another process purged the guide and rendered it again.
        cache.set(store.path_token(path), 2)
        generations = cache.get_many(store.tokens_for(path, grouped=True))
        elsewhere = replace(
            kept,
            generations=store.current(generations, len(kept.generations)),
            content=b"<p>rendered elsewhere</p>",
        )
        cache.set(key, elsewhere)
        with override_settings(PAGE_CACHE_RECHECK_SECONDS=0):
            response = self.get(path)
        self.assertEqual(response[STATE], "hit")
        self.assertEqual(response.content, b"<p>rendered elsewhere</p>")

    def test_unpublishing_an_item_retires_its_guide(self):
        self.warm("/items/PC-001/")
        with self.captureOnCommitCallbacks(execute=True):
            self.item.refresh_from_db()
            self.item.unpublish()
        self.assertEqual(self.get("/items/PC-001/").status_code, 404)

    def test_an_import_retires_the_pages_of_the_items_it_wrote(self):
        self.warm("/items/PC-001/", "/items/PC-002/")
        with self.captureOnCommitCallbacks(execute=True):
            announce_changed([self.item.pk])
        self.assertEqual(self.get("/items/PC-001/")[STATE], "miss")
        self.assertEqual(self.get("/items/PC-002/")[STATE], "hit")

    def test_a_workbook_import_reaches_the_cache(self):
        import io
        import tempfile
        from pathlib import Path

        import openpyxl
        from django.core.management import call_command

        from imports import services as import_services

        self.warm("/items/PC-001/", "/items/PC-002/")
        path = Path(tempfile.mkdtemp()) / "items.xlsx"
        call_command("export_items", str(path), stdout=io.StringIO())
        book = openpyxl.load_workbook(path)
        sheet = book.worksheets[0]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == "出生登记":
                    cell.value = "出生医学证明"
        book.save(path)
        with self.captureOnCommitCallbacks(execute=True):
            outcome = import_services.import_file(str(path))
        self.assertTrue(outcome.applied, outcome)
        self.assertContains(self.get("/items/PC-001/"), "出生医学证明")
        self.assertEqual(self.get("/items/PC-002/")[STATE], "hit")

    def test_publishing_a_guide_page_retires_it_and_its_items_guides(self):
        self.warm("/guide/", "/items/PC-001/", "/items/PC-002/", "/boats/")
        self.guide.title = "出生一件事图解"
        with self.captureOnCommitCallbacks(execute=True):
            self.guide.save_revision().publish()
        self.assertContains(self.get("/guide/"), "出生一件事图解")
        related = self.get("/items/PC-001/")
        self.assertEqual(related[STATE], "miss")
        self.assertContains(related, "出生一件事图解")
        self.assertEqual(self.get("/items/PC-002/")[STATE], "hit")
        self.assertEqual(self.get("/boats/")[STATE], "hit")

    def test_a_changed_site_setting_retires_everything(self):
        from cms.models import PortalSettings

        self.warm("/items/PC-002/", "/boats/")
        with self.captureOnCommitCallbacks(execute=True):
            row = PortalSettings.for_site(self.home.get_site())
            row.hotline = "96000"
            row.save()
        response = self.get("/boats/")
        self.assertEqual(response[STATE], "miss")
        self.assertContains(response, "96000")

    def test_home_page_expires_when_a_zone_starts(self):
        start = timezone.now() + timezone.timedelta(seconds=90)
        add_zone(self.home, title="开学专区", starts_at=start)
        request = RequestFactory().get("/")
        self.home.get_context(request)
        self.assertLessEqual(policy.timeout(request, 600), 90)
        self.assertGreater(policy.timeout(request, 600), 60)

    def test_restricted_pages_are_not_cached(self):
        from wagtail.models import PageViewRestriction

        PageViewRestriction.objects.create(
            page=self.unrelated, restriction_type="password", password="x"
        )
        self.assertNotIn(STATE, self.get("/boats/"))

    def test_a_cdn_is_purged_at_the_same_addresses(self):
        self.warm("/items/PC-001/")
        backends = {"default": {"BACKEND": "x", "LOCATION": "http://127.0.0.1:9"}}
        target = "wagtail.contrib.frontend_cache.utils.purge_urls_from_cache"
        with (
            override_settings(WAGTAILFRONTENDCACHE=backends),
            mock.patch(target) as purge,
        ):
            self.rename(self.item, "婴儿出生登记")
        urls = purge.call_args.args[0]
        self.assertIn("http://localhost/items/PC-001/", urls)
        self.assertIn("http://localhost/guide/", urls)
        self.assertNotIn("http://localhost/items/PC-002/", urls)


@override_settings(PAGE_CACHE_SECONDS=600)
class StoreRuleTests(TestCase):
    """What a view did decides whether its response may be shared."""

    def respond(self, view):
        request = RequestFactory().get("/some/page/")
        request.COOKIES = {}
        request.page_cache_group = policy.PAGE
        return page_middleware.PageCacheMiddleware(lambda r: view(r))(request)

    def html(self, body="<p>x</p>", **headers):
        from django.http import HttpResponse

        response = HttpResponse(body)
        for name, value in headers.items():
            response[name] = value
        return response

    def test_a_plain_page_is_stored(self):
        self.assertEqual(self.respond(lambda r: self.html())[STATE], "miss")

    def test_a_page_with_a_csrf_token_is_not(self):
        from django.middleware.csrf import get_token

        def view(request):
            return self.html(
                f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">'
            )

        self.assertNotIn(STATE, self.respond(view))

    def test_private_and_non_html_responses_are_not(self):
        private = self.respond(lambda r: self.html(**{"Cache-Control": "private"}))
        data = self.respond(lambda r: self.html(**{"Content-Type": "application/json"}))
        self.assertNotIn(STATE, private)
        self.assertNotIn(STATE, data)

    def test_an_unmarked_page_is_not(self):
        request = RequestFactory().get("/some/page/")
        response = page_middleware.PageCacheMiddleware(lambda r: self.html())(request)
        self.assertNotIn(STATE, response)
