"""Highlighting: terms, typed pinyin, initials and homophones; always escaped."""

from search.analysis import analyze_query
from search.backends.highlighting import Highlighter


def marked(q, text):
    return Highlighter.for_plan(analyze_query(q)).mark(text)


def test_chinese_terms_are_marked():
    assert marked("身份证", "居民身份证换领") == "居民<mark>身份证</mark>换领"


def test_typed_pinyin_marks_the_characters_it_spells():
    assert marked("gongjijin", "住房公积金提取") == "住房<mark>公积金</mark>提取"


def test_initials_mark_the_matching_characters():
    assert marked("yyzz", "个体工商户营业执照") == "个体工商户<mark>营业执照</mark>"


def test_homophone_typo_marks_the_right_word():
    assert marked("离昏", "内地居民离婚登记") == "内地居民<mark>离婚</mark>登记"


def test_sounds_do_not_span_punctuation():
    """Syllables must belong to adjacent characters."""
    assert "<mark>" not in marked("gongji", "公（积）")


def test_text_is_escaped_around_marks():
    out = marked("sfz", "<b>身份证</b>")
    assert out == "&lt;b&gt;<mark>身份证</mark>&lt;/b&gt;"


def test_render_adds_a_matching_alias():
    marker = Highlighter.for_plan(analyze_query("sbk"))
    assert marker.render("社会保障卡申领", ["补卡", "办社保卡"], "") == (
        "社会保障卡申领 · 办<mark>社保卡</mark>"
    )
