"""Contract every search backend satisfies; subclass once per backend.

Subclasses set ``make_backend`` and mix in ``django.test.TestCase``.  The
class is not collected itself (no ``Test`` prefix, no TestCase base).
"""

from search.models import SynonymGroup
from search.query import SearchRequest

from .documents import DOCUMENTS, HiddenDocument, make_document

BAD_QUERIES = [
    "",
    "   ",
    "x" * 2000,
    '" OR *',
    "😀🚗",
    "'; DROP TABLE x; --",
    "a AND (b",
    "NEAR(a b)",
]


class BackendContract:
    def make_backend(self):
        raise NotImplementedError

    def setUp(self):
        self.backend = self.make_backend()
        self.backend.rebuild(self.documents())

    def documents(self):
        return list(DOCUMENTS)

    def codes(self, q, **kwargs):
        return [
            hit.code for hit in self.backend.search(SearchRequest(q=q, **kwargs)).hits
        ]

    def test_rebuild_returns_count(self):
        """rebuild() answers the number of documents indexed."""
        self.assertEqual(self.backend.rebuild(self.documents()), len(DOCUMENTS))

    def test_substring_of_a_name_matches(self):
        """身份证 finds 居民身份证换领 although the title is one unbroken run."""
        self.assertIn("HC-1", self.codes("身份证"))

    def test_alias_matches(self):
        self.assertEqual(self.codes("买房取公积金")[0], "HC-2")

    def test_full_pinyin_matches(self):
        self.assertIn("HC-2", self.codes("gongjijin tiqu")[:2])

    def test_pinyin_initials_match(self):
        self.assertIn("HC-6", self.codes("sbk")[:2])

    def test_homophone_typo_matches(self):
        """公基金 and 离昏 sound like 公积金 and 离婚."""
        self.assertEqual(self.codes("公基金提取", kinds=("item",))[0], "HC-2")
        self.assertEqual(self.codes("离昏")[0], "HC-3")

    def test_fuzzy_pinyin_matches(self):
        """通信证 (xin) finds 通行证 (xing)."""
        self.assertEqual(self.codes("港澳通信证")[0], "HC-4")

    def test_editor_synonym_expands_query(self):
        self.assertNotIn("HC-6", self.codes("劳保本"))
        SynonymGroup.objects.create(terms="劳保本 = 社会保障卡")
        self.assertEqual(self.codes("劳保本")[0], "HC-6")

    def test_disabled_synonym_is_ignored(self):
        SynonymGroup.objects.create(terms="劳保本 = 社会保障卡", enabled=False)
        self.assertNotIn("HC-6", self.codes("劳保本"))

    def test_stopwords_do_not_dominate(self):
        self.assertEqual(self.codes("驾驶证到期了怎么办")[0], "HC-5")

    def test_named_place_prefers_region_without_hiding_others(self):
        codes = self.codes("青禾身份证换领")
        self.assertEqual(codes[0], "QH-1")
        self.assertIn("HC-1", codes)

    def test_requested_region_is_preferred(self):
        self.assertEqual(self.codes("身份证换领", region="990200")[0], "QH-1")
        self.assertEqual(self.codes("身份证换领", region="990100")[0], "HC-1")

    def test_facets_count_the_whole_match_set(self):
        results = self.backend.search(SearchRequest(q="身份证换领", per_page=1))
        self.assertGreaterEqual(results.count, 2)
        self.assertEqual(len(results.hits), 1)
        regions = dict(results.facets["region"])
        self.assertEqual(sum(regions.values()), results.count)
        self.assertEqual(regions["990200"], 1)
        self.assertEqual(
            set(results.facets),
            {
                "type",
                "region",
                "department",
                "topic",
                "audience",
                "online_depth",
                "channel",
            },
        )

    def test_filters_restrict_results(self):
        codes = self.codes("身份证", filters={"region": "990200"})
        self.assertEqual(codes, ["QH-1"])
        self.assertEqual(
            self.codes("公积金", filters={"channel": "express_in"}), ["HC-2"]
        )

    def test_unknown_filter_is_ignored(self):
        self.assertTrue(self.codes("身份证", filters={"nonsense": "1"}))

    def test_kinds_filter(self):
        self.assertEqual(self.codes("公积金提取", kinds=("guide",)), ["GD-1"])
        self.assertNotIn("GD-1", self.codes("公积金提取", kinds=("item",)))

    def test_boost_ranks_high_frequency_first(self):
        self.backend.upsert(make_document("HC-9", "机动车驾驶证期满换证"))
        self.assertEqual(self.codes("机动车驾驶证期满换证")[0], "HC-5")

    def test_highlight_marks_matches_and_escapes(self):
        self.backend.upsert(make_document("HC-8", "<b>护照</b>签发"))
        hit = self.backend.search(SearchRequest(q="护照")).hits[0]
        self.assertIn("<mark>护照</mark>", hit.highlight)
        self.assertIn("&lt;b&gt;", hit.highlight)
        self.assertNotIn("<b>", hit.highlight)

    def test_upsert_replaces_and_delete_removes(self):
        self.backend.upsert(make_document("HC-6", "社会保障卡补换"))
        self.assertEqual(self.codes("社会保障卡申领").count("HC-6"), 1)
        self.backend.delete("item:HC-6")
        self.assertNotIn("HC-6", self.codes("社会保障卡"))
        self.backend.delete("item:never-indexed")

    def test_suggest_chinese_pinyin_and_initials(self):
        self.assertIn("社会保障卡申领", self.backend.suggest("社会"))
        self.assertIn("社会保障卡申领", self.backend.suggest("shehui"))
        self.assertIn("社会保障卡申领", self.backend.suggest("shbz"))
        self.assertIn("港澳通行证", self.backend.suggest("通行证"))
        self.assertEqual(self.backend.suggest(""), [])
        self.assertLessEqual(len(self.backend.suggest("居", limit=1)), 1)

    def test_bad_queries_answer_without_errors(self):
        for q in BAD_QUERIES:
            with self.subTest(q=q[:20]):
                results = self.backend.search(SearchRequest(q=q))
                self.assertGreaterEqual(results.count, 0)
                self.backend.suggest(q)

    def test_nothing_found_is_empty(self):
        results = self.backend.search(SearchRequest(q="zzzqqq"))
        self.assertEqual((results.count, results.hits), (0, []))

    def test_non_public_documents_are_never_shown(self):
        """A document marked not public is skipped by rebuild and removed by upsert."""
        hidden = HiddenDocument(**vars(make_document("HC-7", "烟花爆竹经营许可")))
        self.backend.rebuild([*self.documents(), hidden])
        self.assertNotIn("HC-7", self.codes("烟花爆竹"))
        self.backend.upsert(make_document("HC-7", "烟花爆竹经营许可"))
        self.assertIn("HC-7", self.codes("烟花爆竹"))
        self.backend.upsert(hidden)
        self.assertNotIn("HC-7", self.codes("烟花爆竹"))

    def test_hits_name_region_and_department(self):
        hit = self.backend.search(SearchRequest(q="离婚登记")).hits[0]
        self.assertEqual(
            (hit.code, hit.region_name, hit.department), ("HC-3", "海川市", "民政局")
        )

    def test_region_facet_values_have_names(self):
        results = self.backend.search(SearchRequest(q="身份证换领"))
        labels = results.facet_labels["region"]
        self.assertEqual(labels["990100"], "海川市")
        self.assertEqual(labels["990200"], "青禾市")

    def test_popular_puts_the_region_first_then_boosted(self):
        popular = self.backend.popular(3, region="990200")
        self.assertEqual(popular[0].code, "QH-1")
        self.assertEqual(popular[1].code, "HC-5")
        self.assertEqual(len(self.backend.popular(2)), 2)

    def test_pinyin_initials_and_homophones_highlight_the_characters(self):
        """Typed pinyin, initials and sound-alike typos mark the words they match."""
        cases = [
            ("gongjijin tiqu", "HC-2", "<mark>公积金提取</mark>"),
            ("sbk", "HC-6", "<mark>社保卡</mark>"),
            ("离昏", "HC-3", "<mark>离婚</mark>"),
        ]
        for q, code, marked in cases:
            with self.subTest(q=q):
                hits = self.backend.search(SearchRequest(q=q)).hits
                hit = next(h for h in hits if h.code == code)
                self.assertIn(marked, hit.highlight)
