"""The per-character readings table only skips texts that cannot sound like
the query: highlighting is the same as reading every text in context."""

from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.analysis import analyze_query
from search.backends.highlighting import Highlighter, possible_sounds, spoken

# Characters of service-item names, heteronyms among them (行 重 长 乐 还
# 便 处 传 藏 的 地 得), and two outside any pinyin table's reach.
CHARS = "办理身份证居民户口迁移行重长乐还便处传藏的地得营业执照公积金提取离婚登记"
CHARS += "社保卡医疗生育绿色女出入境护照驾驶机动车辆银行不动产首次补领换变更注销〇㐂"
texts = st.text(alphabet=CHARS + "（）·、 ab12", min_size=1, max_size=16)


def _everything_read(highlighter, text):
    with mock.patch.object(Highlighter, "_may_sound", return_value=True):
        return highlighter.render(text, [], "")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(texts, texts, st.integers(0, 12), st.integers(2, 4))
def test_skipping_never_changes_a_highlight(text, source, start, size):
    # The query is said like part of another text: its typed pinyin, its
    # initials, and the Chinese itself (homophones).
    heard = spoken(source)
    sounds = heard.sounds[start : start + size]
    for query in (
        "".join(sounds),
        heard.firsts[start : start + size],
        source[start : start + size],
    ):
        highlighter = Highlighter.for_plan(analyze_query(query))
        assert highlighter.render(text, [], "") == _everything_read(highlighter, text)


def test_a_text_without_the_query_sounds_is_not_read_in_context():
    highlighter = Highlighter.for_plan(analyze_query("gongjijin"))
    with mock.patch("search.backends.highlighting.spoken", wraps=spoken) as read:
        assert highlighter.mark("出入境证件") == "出入境证件"
        assert highlighter.mark("住房公积金") == "住房<mark>公积金</mark>"
    assert [call.args[0] for call in read.call_args_list] == ["住房公积金"]


def test_unknown_characters_leave_the_text_to_be_read():
    assert possible_sounds("办理㐂") is None
    syllables, firsts = possible_sounds("银行")
    assert {"yin", "han", "xin"} <= syllables and {"y", "h", "x"} <= firsts


def test_a_text_holding_the_typed_words_is_marked_without_being_heard():
    highlighter = Highlighter.for_plan(analyze_query("公积金"))
    with mock.patch("search.backends.highlighting.spoken", wraps=spoken) as read:
        assert highlighter.mark("住房公积金提取") == "住房<mark>公积金</mark>提取"
        # A homophone (公基金, a typo's spelling) is still found by its sound.
        assert highlighter.mark("公基金缴存") == "<mark>公基金</mark>缴存"
    assert [call.args[0] for call in read.call_args_list] == ["公基金缴存"]
