"""The zh-hans admin speaks Chinese: Wagtail's own strings that its catalogue
leaves untranslated are covered by ``locale_vendor/``, project templates hold
no literal English, and the admin pages editors use show no English phrases."""

import re
from pathlib import Path

import wagtail
from django.contrib.admin.utils import quote
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from catalogue.models import ServiceItem
from tests.catalogue.factories import (
    RegionFactory,
    ServiceItemFactory,
    make_region_editor,
)

ROOT = Path(__file__).resolve().parents[2]
WAGTAIL = Path(wagtail.__file__).resolve().parent
VENDOR = ROOT / "locale_vendor" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# Wagtail catalogues whose strings reach the admin editors use.
WAGTAIL_CATALOGUES = ("admin", "snippets", "users", "")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


def po_entries(path: Path, *, with_plurals=False) -> dict:
    """(msgctxt, msgid) → translation ('' when untranslated or fuzzy), or
    (msgid_plural, translation) ``with_plurals``."""
    result = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()

        def text(keyword, lines=lines):
            parts, inside = [], False
            for line in lines:
                if line.startswith(keyword + " "):
                    inside, line = True, line[len(keyword) :]
                elif not line.startswith('"'):
                    inside = False
                if inside:
                    parts += _STRING.findall(line)
            return "".join(parts)

        msgid = text("msgid")
        if not msgid:
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        plural = text("msgid_plural")
        msgstr = text("msgstr[0]") if plural else text("msgstr")
        result[(text("msgctxt"), msgid)] = "" if fuzzy else msgstr
        if with_plurals:
            result[(text("msgctxt"), msgid)] = (
                plural,
                result[(text("msgctxt"), msgid)],
            )
    return result


def _catalogue(app, language):
    base = WAGTAIL / app if app else WAGTAIL
    return base / "locale" / language / "LC_MESSAGES" / "django.po"


class WagtailCatalogueTests(SimpleTestCase):
    def test_every_wagtail_admin_string_has_a_chinese_translation(self):
        """Each msgid of Wagtail's admin, snippets, users and core catalogues is
        translated by Wagtail's zh_Hans catalogue or by ours."""
        vendor = po_entries(VENDOR)
        missing = []
        for app in WAGTAIL_CATALOGUES:
            english = po_entries(_catalogue(app, "en"))
            chinese = po_entries(_catalogue(app, "zh_Hans"))
            missing += [
                key[1]
                for key in english
                if not chinese.get(key) and not vendor.get(key)
            ]
        self.assertEqual(missing, [])

    def test_vendor_translations_keep_every_placeholder(self):
        """Chinese has one plural form, so a plural entry's translation takes
        the placeholders of the plural msgid; a singular one keeps its own."""
        wrong = []
        entries = po_entries(VENDOR, with_plurals=True)
        for (_ctx, msgid), (plural, msgstr) in entries.items():
            expected = set(_PLACEHOLDER.findall(plural or msgid))
            if set(_PLACEHOLDER.findall(msgstr)) != expected:
                wrong.append(msgid)
        self.assertEqual(wrong, [])

    def test_strings_that_leaked_in_english_now_read_in_chinese(self):
        with translation.override("zh-hans"):
            self.assertIn(
                "已更新并发布",
                gettext("%(model_name)s '%(object)s' updated and published."),
            )
            self.assertTrue(gettext("New: %(model_name)s").startswith("新建"))
            self.assertEqual(gettext("Search all pages…"), "搜索全部页面…")
            self.assertIn("没有", gettext("No %(model_name)s match your query."))


# Text a template may hold in Latin letters: CSS class names given to blocks,
# a language's own name, code-like tokens (PDF, GB/T, 12345).
_ALLOWED_WORDS = {"English"}
# The 500 page renders without the translation machinery, so it is bilingual.
_BILINGUAL_TEMPLATES = {"500.html"}
_BLOCKTRANS = re.compile(
    r"{%\s*(blocktrans|blocktranslate)\b.*?{%\s*end(blocktrans|blocktranslate)\s*%}",
    re.S,
)
_TEMPLATE_TAGS = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
_COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|<!--.*?-->", re.S)
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_HTML_TAG = re.compile(r"<[^>]*>", re.S)
_TEXT_ATTRIBUTE = re.compile(
    r'\b(title|placeholder|aria-label|alt)="([^"]*[A-Za-z]{2,}[^"]*)"'
)
_LATIN = re.compile(r"[A-Za-z][A-Za-z'’]+(?:\s+[A-Za-z][A-Za-z'’]+)*")
_CLASS_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)+")


def literal_english(text: str) -> list[str]:
    text = _COMMENTS.sub("", text)
    text = _BLOCKTRANS.sub(" ", text)
    text = _SCRIPTS.sub(" ", text)
    text = _TEMPLATE_TAGS.sub(" ", text)
    found = [value for _name, value in _TEXT_ATTRIBUTE.findall(text)]
    text = _HTML_TAG.sub(" ", text)
    text = re.sub(r"\S*[a-z]-[a-z]\S*", " ", text)  # CSS class names in blocks
    found += [
        word
        for word in _LATIN.findall(text)
        if word not in _ALLOWED_WORDS and not re.fullmatch(r"[A-Z]{1,6}", word)
    ]
    return found


class TemplateTextTests(SimpleTestCase):
    def test_the_detector_finds_literal_english(self):
        self.assertEqual(literal_english("<p>Save draft</p>"), ["Save draft"])
        self.assertEqual(literal_english('<a title="Open it">x</a>'), ["Open it"])
        self.assertEqual(
            literal_english('<p>{% trans "Save" %}</p><p class="a-b">办事</p>'), []
        )

    def test_project_templates_hold_no_literal_english(self):
        found = {}
        for path in sorted(ROOT.glob("*/templates/**/*.html")):
            if path.name in _BILINGUAL_TEMPLATES:
                continue
            words = literal_english(path.read_text(encoding="utf-8"))
            if words:
                found[str(path.relative_to(ROOT))] = words
        self.assertEqual(found, {})


_ENGLISH_PHRASE = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'’]+[A-Za-z]{2,}){2,}")


class AdminPagesInChineseTests(TestCase):
    """Pages a city editor opens, rendered in zh-hans, show no English phrase."""

    @classmethod
    def setUpTestData(cls):
        region = RegionFactory(name="海川测试市")
        cls.item = ServiceItemFactory(name="测试事项甲", department__region=region)
        cls.editor = make_region_editor(region)

    def visible_english(self, response):
        html = response.content.decode()
        html = _SCRIPTS.sub(" ", html)
        html = re.sub(r"<template\b.*?</template>", " ", html, flags=re.S)
        text = _HTML_TAG.sub(" ", html)
        return [m for m in _ENGLISH_PHRASE.findall(text) if "Wagtail" not in m]

    def test_editor_pages_show_no_english(self):
        self.client.force_login(self.editor)
        viewset = ServiceItem.snippet_viewset
        pages = {
            "dashboard": reverse("wagtailadmin_home"),
            "items": reverse(viewset.get_url_name("list")),
            "no match": reverse(viewset.get_url_name("list")) + "?q=不存在的事项名",
            "add": reverse(viewset.get_url_name("add")),
            "edit": reverse(viewset.get_url_name("edit"), args=[quote(self.item.pk)]),
            "history": reverse(
                viewset.get_url_name("history"), args=[quote(self.item.pk)]
            ),
        }
        for name, url in pages.items():
            with self.subTest(page=name):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.visible_english(response), [])
