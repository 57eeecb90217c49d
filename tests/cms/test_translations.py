"""The zh-hans catalogue is complete and compiled (ADR 0005)."""

import re
from pathlib import Path

from django.test import SimpleTestCase
from django.utils import translation
from django.utils.translation import gettext

PO = (
    Path(__file__).resolve().parents[2]
    / "locale"
    / "zh_Hans"
    / "LC_MESSAGES"
    / "django.po"
)
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


def _text(lines, keyword):
    """The concatenated string of ``keyword`` (msgid, msgstr, msgstr[0]...)."""
    parts, inside = [], False
    for line in lines:
        if line.startswith(keyword + " "):
            inside = True
            line = line[len(keyword) :]
        elif not line.startswith('"'):
            inside = False
        if inside:
            parts += _STRING.findall(line)
    return "".join(parts)


def _entries():
    """(flags, msgid, msgstrs) per entry; a blank line separates entries."""
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        if not any(line.startswith("msgid ") for line in lines):
            continue
        flags = " ".join(line for line in lines if line.startswith("#,"))
        plural = any(line.startswith("msgid_plural ") for line in lines)
        keys = ["msgstr[0]"] if plural else ["msgstr"]
        yield flags, _text(lines, "msgid"), [_text(lines, k) for k in keys]


def entries_with_text():
    return [e for e in _entries() if e[1] and all(e[2])]


class TranslationCatalogueTests(SimpleTestCase):
    def test_every_message_has_a_chinese_translation(self):
        """No msgid is left untranslated or fuzzy in the zh_Hans catalogue."""
        entries = list(_entries())
        self.assertGreater(len(entries), 100)
        missing = [
            msgid
            for flags, msgid, msgstrs in entries
            if msgid and ("fuzzy" in flags or not all(msgstrs))
        ]
        self.assertEqual(missing, [])

    def test_translations_keep_every_placeholder(self):
        """A translation that drops or renames %(name)s would crash or mislead."""
        wrong = [
            msgid
            for _flags, msgid, msgstrs in entries_with_text()
            for msgstr in msgstrs
            if sorted(_PLACEHOLDER.findall(msgid))
            != sorted(_PLACEHOLDER.findall(msgstr))
        ]
        self.assertEqual(wrong, [])

    def test_compiled_catalogue_is_used(self):
        """With zh-hans active, code-list labels read as the national standard writes them."""
        with translation.override("zh-hans"):
            self.assertEqual(gettext("Immediate item"), "即办件")
            self.assertEqual(gettext("Fully online"), "全程网办")
        with translation.override("en"):
            self.assertEqual(gettext("Immediate item"), "Immediate item")
