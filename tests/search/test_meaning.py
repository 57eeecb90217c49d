"""Search ranks what citizens mean (issue 15), on synthetic catalogues.

Queries are generated from phrasing patterns (greetings, question words,
variant words around a need); the catalogues are built here, so nothing is
tuned to a data set.
"""

from dataclasses import replace
from datetime import timedelta

from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from search.analysis import analyze_query
from search.analysis.understanding import understand
from search.analytics import ClickStat, click_shares, record_click
from search.backends import base, ranking
from search.backends.embedded import EmbeddedBackend
from search.query import SearchRequest

from .documents import make_document

GREETINGS = st.sampled_from(
    ["", "您好，", "你好，请问", "请问一下，", "麻烦问一下", "嗯那个"]
)
ENDINGS = st.sampled_from(["", "？", "啊", "呢", "，谢谢"])
# A family: the basic case and its others, as names are written.
FAMILIES = [
    ("残疾人证", "残疾人证新办", "残疾人证换领", "残疾人证补领"),
    (
        "渔船证书",
        "渔船证书核发（首次申领）",
        "渔船证书换发（期满换证）",
        "渔船证书补发（遗失补发）",
    ),
    ("养蜂证", "养蜂证申领", "养蜂证换领", "养蜂证补领（遗失补领）"),
]
VARIANTS = ("new", "renewal", "replacement")
GENERIC = st.sampled_from(
    ["{}怎么办", "办理{}", "{}需要什么", "我想办{}", "{}在哪里办", "怎么申请{}"]
)
LOST = st.sampled_from(["{}丢了怎么办", "{}弄丢了", "{}遗失了要补一个", "补办{}"])
EXPIRED = st.sampled_from(["{}到期了", "{}过期了怎么换", "{}快到期了要换一个"])


def family_documents():
    documents = []
    for number, (_thing, *names) in enumerate(FAMILIES):
        for variant, name in zip(VARIANTS, names, strict=True):
            # The cases' names are shorter than the basic one's or as long:
            # the text match alone would not prefer it.
            documents.append(
                replace(make_document(f"F{number}-{variant}", name), variant=variant)
            )
    documents.append(make_document("OTHER", "残疾人辅助器具适配补贴申请"))
    # The rest of a catalogue: 申请, 办理, 登记 are in many names.
    for number, thing in enumerate(
        ["低保", "公租房", "医疗救助", "临时救助", "高龄津贴", "法律援助"]
    ):
        documents.append(make_document(f"BG{number}", f"{thing}申请"))
        documents.append(make_document(f"BH{number}", f"{thing}资格登记办理"))
    return documents


def first_code(backend, q):
    hits = backend.search(SearchRequest(q=q)).hits
    return hits[0].code if hits else None


class VariantPreferenceTests(HypothesisTestCase):
    def setUp(self):
        base.forget()
        self.backend = EmbeddedBackend()
        self.backend.rebuild(family_documents())

    @settings(max_examples=30, deadline=None)
    @given(st.integers(0, len(FAMILIES) - 1), GREETINGS, GENERIC, ENDINGS)
    def test_without_variant_words_the_basic_case_is_first(self, n, hello, form, end):
        q = hello + form.format(FAMILIES[n][0]) + end
        self.assertEqual(first_code(self.backend, q), f"F{n}-new", q)

    @settings(max_examples=30, deadline=None)
    @given(st.integers(0, len(FAMILIES) - 1), GREETINGS, LOST, ENDINGS)
    def test_lost_asks_for_the_replacement(self, n, hello, form, end):
        q = hello + form.format(FAMILIES[n][0]) + end
        self.assertEqual(first_code(self.backend, q), f"F{n}-replacement", q)

    @settings(max_examples=30, deadline=None)
    @given(st.integers(0, len(FAMILIES) - 1), GREETINGS, EXPIRED, ENDINGS)
    def test_expiry_asks_for_the_renewal(self, n, hello, form, end):
        q = hello + form.format(FAMILIES[n][0]) + end
        self.assertEqual(first_code(self.backend, q), f"F{n}-renewal", q)

    def test_a_case_without_a_basic_sibling_keeps_its_place(self):
        self.backend.rebuild(
            [
                replace(make_document("C", "死亡人员户口注销"), variant="cancellation"),
                make_document("M", "户口迁移（投靠）", variant="new"),
            ]
        )
        self.assertEqual(first_code(self.backend, "老人去世户口注销"), "C")


class VariantFactorTests(SimpleTestCase):
    def test_family_only_sets_back_cases_with_the_wanted_sibling(self):
        wanted = frozenset({"replacement"})
        self.assertGreater(ranking.variant_factor("replacement", wanted, wanted), 1)
        self.assertLess(
            ranking.variant_factor("new", wanted, frozenset({"new", "replacement"})), 1
        )
        self.assertEqual(ranking.variant_factor("new", wanted, frozenset({"new"})), 1)
        self.assertLess(
            ranking.variant_factor(
                "renewal", frozenset(), frozenset({"new", "renewal"})
            ),
            1,
        )
        self.assertEqual(ranking.variant_factor("", wanted, frozenset()), 1)

    def test_stems_join_a_family(self):
        names = [
            "居民身份证申领（首次申领）",
            "居民身份证补领（遗失补领）",
            "临时居民身份证申领",
        ]
        candidates = [
            ranking.Candidate(n, 1.0, name, variant=v)
            for n, (name, v) in enumerate(
                zip(names, ["new", "replacement", "new"], strict=True)
            )
        ]
        families = ranking.family_variants(candidates)
        self.assertEqual(families[1], frozenset({"new", "replacement"}))


class DistinctiveWordTests(TestCase):
    """IDF from the index: a shared generic word cannot carry another item first."""

    def setUp(self):
        base.forget()
        things = ["开户", "登记", "备案", "过户", "注册", "变更", "迁移", "年审"]
        generic = [
            make_document(
                f"G{n}", f"{thing}公司手续", aliases=(f"公司{thing}", "办手续")
            )
            for n, thing in enumerate(things)
        ]
        self.target = make_document("T", "渔船检验证书核发")
        # Holds the generic words over and over, the distinctive one nowhere.
        self.decoy = make_document(
            "D", "公司手续费减免", aliases=("公司减免手续", "公司手续", "手续")
        )
        self.backend = EmbeddedBackend()
        self.backend.rebuild([*generic, self.target, self.decoy])

    def test_weights_follow_document_frequency(self):
        features = ranking.query_features(
            "渔船公司",
            (),
            base.current_synonyms(),
            self.backend.name_frequencies,
            self.backend.total(),
        )
        self.assertIn("渔船", features.words)
        self.assertIn("公司", features.words)
        self.assertGreater(features.weights["渔船"], 2 * features.weights["公司"])

    def test_the_distinctive_word_wins(self):
        for q in (
            "渔船公司",
            "渔船公司手续",
            "渔船要办什么手续",
            "请问渔船公司的手续怎么办理",
        ):
            with self.subTest(q=q):
                self.assertEqual(first_code(self.backend, q), "T")

    def test_a_cold_search_reads_name_counts_once(self):
        """Ranking's name counts come with the pruning's read, and equal a direct one."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from search.backends.fulltext import fulltext_for

        words = ["渔船", "公司", "检验"]
        base.forget()
        with CaptureQueriesContext(connection) as queries:
            self.backend.search(SearchRequest(q="渔船公司检验"))
            remembered = self.backend.name_frequencies(words)
        reads = [
            q["sql"]
            for q in queries.captured_queries
            if "search_fts_vocab" in q["sql"] or "search_fts_terms" in q["sql"]
        ]
        self.assertEqual(len(reads), 1, reads)
        with connection.cursor() as cursor:
            read = fulltext_for(connection.vendor).name_frequencies(cursor, words)
        self.assertEqual(remembered, {w: read.get(w, 0) for w in words})
        self.assertGreater(remembered["公司"], remembered["渔船"])

    def test_idf_is_smooth_and_decreasing(self):
        values = [ranking.idf(df, 1000) for df in (0, 1, 10, 100, 1000)]
        self.assertEqual(values, sorted(values, reverse=True))
        self.assertGreater(values[-1], 0)


class UnderstandingTests(SimpleTestCase):
    @given(GREETINGS, ENDINGS)
    def test_greetings_and_question_words_leave_the_need(self, hello, end):
        meaning = understand(f"{hello}我们想开一家奶茶店，需要带什么材料{end}")
        self.assertIn("奶茶店", meaning.text)
        for word in ("您好", "请问", "需要带什么", "材料", "麻烦"):
            self.assertNotIn(word, meaning.text)
        self.assertEqual(meaning.parts, ("materials",))

    def test_each_question_part(self):
        cases = {
            "身份证要多少钱": "fees",
            "护照多久能拿到": "time_limit",
            "结婚登记在哪里办": "place",
            "低保需要什么条件": "conditions",
            "二手房过户的流程": "process",
            "驾照换证要带什么": "materials",
        }
        for q, part in cases.items():
            with self.subTest(q=q):
                meaning = understand(q)
                self.assertEqual(meaning.part, part)
                self.assertTrue(meaning.text)

    def test_parts_in_the_order_asked(self):
        self.assertEqual(
            understand("要多少钱，多久能拿到").parts, ("fees", "time_limit")
        )

    def test_variant_words(self):
        self.assertEqual(understand("身份证丢了").variants, ("replacement",))
        self.assertEqual(understand("驾照到期了").variants, ("renewal",))
        self.assertEqual(understand("个体户不干了").variants, ("cancellation",))
        self.assertEqual(understand("要补一张身份证").variants, ("replacement",))

    def test_single_characters_count_only_as_words(self):
        self.assertEqual(understand("高龄补贴怎么申请").variants, ())
        self.assertEqual(understand("丧葬补助").variants, ())

    def test_codes_are_taken_whole_and_not_matched_as_text(self):
        meaning = understand("HC-SJ-001")
        self.assertEqual(meaning.codes, ("hc-sj-001",))
        self.assertEqual(meaning.text, "")
        long = "511A0138000000-511602000000-000-115113010833722043-1-00"
        self.assertEqual(understand(f"{long} 怎么办").codes, (long.lower(),))
        self.assertEqual(understand("sfz").codes, ())  # initials stay initials

    @given(
        st.lists(
            st.sampled_from(
                [
                    "您好",
                    "请问",
                    "一下",
                    "谢谢",
                    "啊",
                    "吗",
                    "需要带什么",
                    "多少钱",
                    "在哪里办",
                    "，",
                    "？",
                    " ",
                ]
            ),
            max_size=8,
        )
    )
    def test_only_filler_and_question_words_leave_nothing(self, pieces):
        meaning = understand("".join(pieces))
        self.assertEqual(analyze_query(meaning.text).tokens, [])


class CodeTests(TestCase):
    def setUp(self):
        base.forget()
        self.backend = EmbeddedBackend()
        self.backend.rebuild(
            [
                make_document("HC-SJ-001", "个体工商户设立登记"),
                make_document("HC-GA-010", "人才引进落户", aliases=("落户海川",)),
                make_document("QH-SJ-001", "海川路口广告审批"),
            ]
        )

    def test_an_exact_code_wins_in_any_case(self):
        for q in ("HC-SJ-001", "hc-sj-001", " HC-SJ-001 ", "HC-SJ-001 怎么办"):
            with self.subTest(q=q):
                results = self.backend.search(SearchRequest(q=q))
                self.assertEqual(results.hits[0].code, "HC-SJ-001")

    def test_letters_of_a_code_are_not_read_as_initials(self):
        results = self.backend.search(SearchRequest(q="HC-XX-999"))
        self.assertEqual(results.hits, [])

    def test_a_code_respects_the_kind_filter(self):
        results = self.backend.search(SearchRequest(q="HC-SJ-001", kinds=("guide",)))
        self.assertEqual(results.hits, [])


class PopularityTests(TestCase):
    def setUp(self):
        base.forget()
        self.backend = EmbeddedBackend()
        self.backend.rebuild(
            [make_document("A", "养犬登记证核发"), make_document("B", "养犬登记证核发")]
        )

    def test_clicked_documents_rise_and_old_clicks_fade(self):
        self.assertEqual(first_code(self.backend, "养犬登记"), "A")  # tie: first id
        for _ in range(3):
            record_click("养犬登记", "item:B")
        base.forget()
        self.assertEqual(first_code(self.backend, "养犬登记"), "B")
        old = timezone.localdate() - timedelta(days=120)
        ClickStat.objects.create(query="x", doc_id="item:A", day=old, clicks=3)
        shares = click_shares()
        self.assertEqual(shares["item:B"], 1.0)
        self.assertLess(shares["item:A"], 0.5)

    def test_clicks_store_no_personal_data(self):
        record_click("养犬登记", "item:B")
        fields = {f.name for f in ClickStat._meta.get_fields()}
        self.assertEqual(fields, {"id", "query", "doc_id", "day", "clicks"})

    def test_odd_document_ids_are_not_stored(self):
        record_click("养犬登记", "junk")
        record_click("养犬登记", "")
        self.assertFalse(ClickStat.objects.exists())
