"""Content-Security-Policy: the public site allows only its own assets, no
inline script, and its one inline <style> (brand colours) by nonce."""

import re

from django.test import TestCase
from wagtail.models import Site

from tests.cms.site import make_site
from themes.models import ThemeSettings


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:]
        for part in (p.strip() for p in header.split(";"))
        if part
    }


class ContentSecurityPolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        site = Site.objects.get(is_default_site=True)
        ThemeSettings.objects.update_or_create(
            site=site, defaults={"brand_colour": "#123456"}
        )

    def test_public_pages_allow_no_inline_script_nor_foreign_assets(self):
        for url in ("/", "/search/?q=身份证", "/forms/status/"):
            with self.subTest(url=url):
                policy = directives(self.client.get(url))
                self.assertEqual(policy["default-src"], ["'self'"])
                self.assertEqual(policy["script-src"], ["'self'"])
                self.assertEqual(policy["object-src"], ["'none'"])
                self.assertEqual(policy["frame-ancestors"], ["'self'"])
                for name, sources in policy.items():
                    self.assertNotIn("'unsafe-inline'", sources, name)
                    self.assertNotIn("*", sources, name)

    def test_the_brand_colour_style_carries_the_policy_nonce(self):
        response = self.client.get("/")
        html = response.content.decode()
        self.assertIn("--color-brand: #123456;", html)
        nonce = re.search(r'<style nonce="([^"]+)">:root', html).group(1)
        self.assertIn(f"'nonce-{nonce}'", directives(response)["style-src"])
        again = re.search(
            r'<style nonce="([^"]+)">', self.client.get("/").content.decode()
        )
        self.assertNotEqual(again.group(1), nonce)  # a fresh nonce each answer

    def test_every_script_is_loaded_from_the_site(self):
        html = self.client.get("/search/?q=身份证").content.decode()
        for tag in re.findall(r"<script[^>]*>", html):
            self.assertRegex(tag, r'src="/static/')

    def test_the_admin_keeps_wagtails_own_policy(self):
        response = self.client.get("/admin/login/")
        self.assertNotIn("Content-Security-Policy", response)
