"""Pure analysis functions (no database)."""

from search.analysis import SynonymIndex, analyze_document, analyze_query, get_segmenter
from search.analysis.pinyin import fuzzy, initials, split_latin, syllables
from search.analysis.text import is_token
from search.tasks import IndexedDocument

REGIONS = {"990100": "海川市", "990200": "青禾市"}


def document(**fields):
    return IndexedDocument(doc_id="item:X", kind="item", code="X", url="/", **fields)


def test_segmenter_loads_once_per_process():
    assert get_segmenter() is get_segmenter()


def test_government_terms_are_words():
    assert "住房公积金" in get_segmenter().cut("住房公积金提取")
    assert "公积金" in get_segmenter().cut_for_search("住房公积金提取")


def test_title_tokens_include_words_bigrams_and_characters():
    title = analyze_document(document(title="居民身份证换领")).title.split()
    assert {"身份证", "居民身份证", "证换", "领"} <= set(title)


def test_pinyin_and_initials():
    assert syllables("身份证") == ("shen", "fen", "zheng")
    assert initials("身份证") == "sfz"
    tokens = analyze_document(document(title="居民身份证")).pinyin.split()
    assert {"p_shen_fen", "i_sfz", "i_jmsfz"} <= set(tokens)


def test_fuzzy_pinyin_merges_confusable_sounds():
    assert fuzzy("xing") == fuzzy("xin")
    assert fuzzy("zheng") == fuzzy("zen")
    assert fuzzy("nan") == fuzzy("lang")


def test_latin_is_split_into_syllables():
    assert split_latin("jiehunzheng") == ("jie", "hun", "zheng")
    assert split_latin("shebaoka") == ("she", "bao", "ka")
    assert split_latin("sfz") is None


def test_typed_pinyin_query_tokens():
    tokens = analyze_query("shebaoka zenme ban").tokens
    assert "p_she_bao" in tokens
    assert not any("zen" in t for t in tokens)


def test_initials_query():
    assert "i_sfz" in analyze_query("sfz").tokens


def test_stopwords_are_dropped():
    tokens = analyze_query("驾照怎么办理").tokens
    assert "驾照" in tokens
    assert "怎么" not in tokens and "办理" not in tokens


def test_homophone_typo_shares_pinyin_with_the_word():
    typo = set(analyze_query("公基金").tokens)
    right = set(analyze_document(document(title="公积金")).pinyin.split())
    assert "p_gong_ji" in typo & right


def test_synonyms_expand_query():
    plan = analyze_query("驾照到期", SynonymIndex([["驾照", "机动车驾驶证"]]))
    assert "机动车驾驶证" in plan.tokens
    assert "机动车驾驶证" in plan.highlight_terms


def test_place_name_becomes_region_preference():
    plan = analyze_query("海川结婚登记", regions=REGIONS)
    assert plan.region_code == "990100"
    assert not any("海川" in t for t in plan.tokens)
    assert analyze_query("juzhuzheng haichuan", regions=REGIONS).region_code == "990100"


def test_place_name_alone_is_searched():
    plan = analyze_query("青禾", regions=REGIONS)
    assert plan.region_code == ""
    assert "青禾" in plan.tokens


def test_bad_input_gives_safe_tokens():
    for q in ["", '" OR *', "😀", "'; DROP TABLE x; --", "x" * 2000, "a:b(c)"]:
        assert all(is_token(t) for t in analyze_query(q).tokens)


def test_query_plan_keeps_sounds_for_highlighting():
    plan = analyze_query("gongjijin sfz 离昏")
    assert ("gong", "ji", "jin") in plan.highlight_sounds
    assert ("li", "hun") in plan.highlight_sounds
    assert plan.highlight_initials == ["sfz"]


def test_fuzzy_tokens_only_where_fuzzing_changes_a_syllable():
    tokens = analyze_query("社保卡").tokens
    assert "p_bao_ka" in tokens and "f_bao_ka" not in tokens
    assert "f_se_bao" in tokens
