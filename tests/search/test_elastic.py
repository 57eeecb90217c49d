"""The Elasticsearch backend without a server: mappings, bodies, bulk actions.

Request bodies come from elasticsearch-dsl's ``to_dict()``; the client is a
mock, so these run everywhere.  The behaviour against a real server is the
contract suite in test_backends.py.
"""

from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, TestCase, override_settings

from search import index
from search.backends import base
from search.backends.elastic import ElasticBackend, actions, queries
from search.backends.elastic.mapping import build_index
from search.backends.embedded import EmbeddedBackend
from search.backends.fulltext import WEIGHTS
from search.query import SearchRequest, SearchUnavailable

from .documents import DOCUMENTS, HiddenDocument, make_document


def properties(native=""):
    return build_index("banshi-x", native).to_dict()["mappings"]["properties"]


class MappingTests(SimpleTestCase):
    def test_token_fields_use_a_whitespace_analyzer(self):
        """The app's own tokens are indexed verbatim (same tokens as embedded)."""
        definition = build_index("banshi-x").to_dict()
        analyzer = definition["settings"]["analysis"]["analyzer"]["banshi_tokens"]
        self.assertEqual(analyzer["tokenizer"], "whitespace")
        self.assertNotIn("filter", analyzer)
        tokens = properties()["tokens"]["properties"]
        self.assertEqual(set(tokens), set(WEIGHTS))
        for field in tokens.values():
            self.assertEqual(field["analyzer"], "banshi_tokens")

    def test_filter_and_facet_fields_are_keywords(self):
        props = properties()
        for name in ("doc_id", "kind", "code", "region_code", "region_name"):
            self.assertEqual(props[name]["type"], "keyword", name)
        facets = props["facets"]["properties"]
        self.assertEqual(
            set(facets),
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
        self.assertEqual(props["boost"]["type"], "float")
        self.assertEqual(props["public"]["type"], "boolean")

    def test_completion_field_for_suggestions(self):
        suggest = properties()["suggest"]
        self.assertEqual(suggest["type"], "completion")
        self.assertEqual(suggest["analyzer"], "banshi_suggest")

    def test_raw_texts_are_stored_only_without_a_native_analyzer(self):
        self.assertIs(properties()["title"]["index"], False)
        self.assertIs(properties()["body"]["index"], False)

    def test_native_analyzers_analyse_raw_texts(self):
        """SEARCH_ELASTICSEARCH_ANALYZER=ik / smartcn adds plugin analysis."""
        ik = properties("ik")
        self.assertEqual(ik["title"]["analyzer"], "ik_max_word")
        self.assertEqual(ik["title"]["search_analyzer"], "ik_smart")
        self.assertNotIn("index", ik["title"])
        self.assertEqual(ik["body"]["term_vector"], "with_positions_offsets")
        self.assertEqual(properties("smartcn")["aliases"]["analyzer"], "smartcn")
        # Ranking still uses the app's tokens with either setting.
        self.assertEqual(ik["tokens"], properties()["tokens"])

    def test_one_shard(self):
        settings = build_index("banshi-x").to_dict()["settings"]
        self.assertEqual(settings["number_of_shards"], 1)


def body(request=None, *, region="", region_boost=1.6, native=""):
    request = request or SearchRequest(q="身份证")
    search = queries.search_body(
        request,
        ["身份证", "p_shen_fen"],
        region=region,
        region_boost=region_boost,
        native=native,
    )
    return search.to_dict()


class QueryBodyTests(SimpleTestCase):
    def scoring(self, data):
        return data["query"]["bool"]["must"][0]["function_score"]

    def test_field_boosts_rank_name_over_aliases_over_topics_over_body(self):
        should = self.scoring(body())["query"]["bool"]["should"]
        boosts = {
            field: spec["boost"]
            for clause in should
            for field, spec in clause["match"].items()
        }
        self.assertGreater(boosts["tokens.title"], boosts["tokens.aliases"])
        self.assertGreater(boosts["tokens.aliases"], boosts["tokens.keywords"])
        self.assertGreater(boosts["tokens.keywords"], boosts["tokens.body"])
        queries_sent = {spec["query"] for c in should for spec in c["match"].values()}
        self.assertEqual(queries_sent, {"身份证 p_shen_fen"})

    def test_high_frequency_boost_multiplies_the_score(self):
        scoring = self.scoring(body())
        self.assertEqual(scoring["boost_mode"], "multiply")
        self.assertEqual(
            scoring["functions"][0]["field_value_factor"]["field"], "boost"
        )

    def test_region_is_a_boost_not_a_filter(self):
        data = body(region="990200", region_boost=2.5)
        weights = self.scoring(data)["functions"][1]
        self.assertEqual(weights["filter"], {"term": {"region_code": "990200"}})
        self.assertEqual(weights["weight"], 2.5)
        self.assertNotIn("990200", str(data["query"]["bool"]["filter"]))
        self.assertEqual(len(self.scoring(body())["functions"]), 1)

    def test_only_public_documents_and_requested_filters(self):
        request = SearchRequest(
            q="x", kinds=("item",), filters={"channel": "appointment", "bogus": "1"}
        )
        filters = body(request)["query"]["bool"]["filter"]
        self.assertEqual(
            filters,
            [
                {"term": {"public": True}},
                {"terms": {"kind": ["item"]}},
                {"term": {"facets.channel": "appointment"}},
            ],
        )

    def test_facets_are_aggregations_with_region_names(self):
        aggs = body()["aggs"]
        self.assertEqual(aggs["department"]["terms"]["field"], "facets.department")
        self.assertEqual(
            aggs["region"]["aggs"]["names"]["terms"]["field"], "region_name"
        )
        self.assertEqual(len(aggs), 7)  # one per facet, "type" included

    def test_candidates_up_to_the_page_and_total(self):
        """The second stage re-orders the best candidates, so they come from the first."""
        data = body(SearchRequest(q="x", page=3, per_page=20))
        self.assertEqual((data["from"], data["size"]), (0, 60))
        self.assertIs(data["track_total_hits"], True)

    def test_highlight_of_body_only_with_native_analyzer(self):
        self.assertNotIn("highlight", body())
        highlight = body(native="ik")["highlight"]
        self.assertEqual(highlight["pre_tags"], ["<mark>"])
        self.assertEqual(highlight["encoder"], "html")
        self.assertIn("body", highlight["fields"])

    def test_suggester(self):
        data = queries.suggest_body("shebao", 8).to_dict()
        completion = data["suggest"]["titles"]["completion"]
        self.assertEqual(data["suggest"]["titles"]["prefix"], "shebao")
        self.assertEqual(completion["field"], "suggest")
        self.assertTrue(completion["skip_duplicates"])


class BulkActionTests(SimpleTestCase):
    def test_actions_carry_tokens_facets_and_suggestions(self):
        action = next(actions.index_actions("banshi-1", [DOCUMENTS[0]]))
        self.assertEqual(
            (action["_op_type"], action["_index"], action["_id"]),
            ("index", "banshi-1", "item:HC-1"),
        )
        source = action["_source"]
        self.assertIn("身份证", source["tokens"]["title"].split())
        self.assertIn("i_sfz", source["tokens"]["pinyin"].split())
        self.assertEqual(source["facets"]["region"], ["990100"])
        self.assertEqual((source["department"], source["public"]), ("公安局", True))
        title_inputs = source["suggest"][0]["input"]
        self.assertIn("居民身份证换领（有效期满换领）", title_inputs)
        self.assertTrue(any(i.startswith("jumin") for i in title_inputs))
        self.assertIn("身份证换领（有效期满换领）", title_inputs)

    def test_boosted_titles_weigh_more_in_suggestions(self):
        plain = actions.source(make_document("A", "社会保障卡申领"))["suggest"][0]
        boosted = actions.source(make_document("B", "社会保障卡申领", boost=1.5))
        self.assertGreater(boosted["suggest"][0]["weight"], plain["weight"])

    def test_hidden_documents_produce_no_action(self):
        hidden = HiddenDocument(**vars(make_document("H", "草稿")))
        self.assertEqual(list(actions.index_actions("i", [hidden])), [])


@override_settings(ELASTICSEARCH_URL="http://es.invalid:9200")
class BackendWithMockClientTests(TestCase):
    def setUp(self):
        base.forget()

    def backend(self, client):
        return ElasticBackend(alias="banshi", native="", client=client)

    def test_rebuild_loads_a_new_index_and_swaps_the_alias_atomically(self):
        client = mock.MagicMock()
        old, new = "banshi-20260101000000000000", "banshi-20260102000000000000"
        client.indices.get_alias.return_value = {old: {}}
        # Another alias's index that shares the prefix must survive.
        client.indices.get.return_value = {old: {}, new: {}, "banshi-test-1": {}}
        backend = self.backend(client)
        with (
            mock.patch.object(backend, "new_index_name", return_value=new),
            mock.patch("search.backends.elastic.backend.helpers.bulk") as bulk,
        ):
            bulk.return_value = (len(DOCUMENTS), [])
            self.assertEqual(backend.rebuild(DOCUMENTS), len(DOCUMENTS))
        client.indices.create.assert_called_once()
        self.assertEqual(client.indices.create.call_args.kwargs["index"], new)
        sent = list(bulk.call_args.args[1])
        self.assertEqual({a["_index"] for a in sent}, {new})
        client.indices.update_aliases.assert_called_once_with(
            actions=[
                {"remove": {"index": old, "alias": "banshi"}},
                {"add": {"index": new, "alias": "banshi"}},
            ]
        )
        client.indices.delete.assert_called_once_with(
            index=old, ignore_unavailable=True
        )

    def test_search_applies_the_shared_second_stage(self):
        """The engine's order is re-ranked: the basic case first, counts feed IDF."""

        def raw(code, title, score, variant):
            return {
                "_score": score,
                "_source": {
                    "doc_id": f"item:{code}",
                    "kind": "item",
                    "code": code,
                    "title": title,
                    "url": f"/items/{code}/",
                    "aliases": [],
                    "variant": variant,
                },
            }

        client = mock.MagicMock()
        client.count.return_value = {"count": 100}
        hits = [
            raw("R", "残疾人证补领", 12.0, "replacement"),
            raw("N", "残疾人证新办", 11.0, "new"),
        ]
        client.search.return_value = {
            "hits": {"total": {"value": 2}, "hits": hits},
            "aggregations": {
                queries.FREQUENCY_AGG: {
                    "counts": {"buckets": {"残疾人证": {"doc_count": 2}}}
                }
            },
        }
        backend = self.backend(client)
        with mock.patch.object(backend, "regions", return_value={}):
            plain = backend.search(SearchRequest(q="残疾人证怎么办"))
            lost = backend.search(SearchRequest(q="残疾人证丢了"))
        self.assertEqual([h.code for h in plain.hits], ["N", "R"])
        self.assertEqual([h.code for h in lost.hits], ["R", "N"])
        sent = client.search.call_args_list[0].kwargs["body"]
        self.assertEqual((sent["from"], sent["size"]), (0, 20))

    def test_new_index_names_are_timestamped_under_the_alias(self):
        name = self.backend(mock.MagicMock()).new_index_name()
        self.assertRegex(name, r"^banshi-\d{20}$")

    def test_upsert_and_delete_go_through_the_alias(self):
        client = mock.MagicMock()
        backend = self.backend(client)
        backend.upsert(DOCUMENTS[2])
        self.assertEqual(client.index.call_args.kwargs["index"], "banshi")
        self.assertEqual(client.index.call_args.kwargs["id"], "item:HC-2")
        backend.delete("item:HC-2")
        client.delete.assert_called_once_with(
            index="banshi", id="item:HC-2", refresh="wait_for"
        )

    def test_bulk_upsert_indexes_public_documents_through_the_alias(self):
        client = mock.MagicMock()
        client.indices.exists_alias.return_value = True
        backend = self.backend(client)
        with mock.patch("search.backends.elastic.backend.helpers.bulk") as bulk:
            bulk.return_value = (len(DOCUMENTS), [])
            backend.upsert_many(DOCUMENTS)
        sent = list(bulk.call_args.args[1])
        self.assertEqual({a["_index"] for a in sent}, {"banshi"})
        public = {d.doc_id for d in DOCUMENTS if getattr(d, "public", True)}
        self.assertEqual({a["_id"] for a in sent}, public)

    def test_search_parses_hits_facets_and_region_names(self):
        client = mock.MagicMock()
        client.search.side_effect = [
            {"aggregations": {"codes": {"buckets": []}}},
            {
                "hits": {
                    "total": {"value": 1},
                    "hits": [
                        {
                            "_score": 3.5,
                            "_source": {
                                "doc_id": "item:HC-1",
                                "kind": "item",
                                "code": "HC-1",
                                "title": "居民身份证换领",
                                "url": "/items/HC-1/",
                                "aliases": [],
                                "summary": "",
                                "region_code": "990100",
                                "region_name": "海川市",
                                "department": "公安局",
                            },
                        }
                    ],
                },
                "aggregations": {
                    "region": {
                        "buckets": [
                            {
                                "key": "990100",
                                "doc_count": 1,
                                "names": {"buckets": [{"key": "海川市"}]},
                            }
                        ]
                    }
                },
            },
        ]
        results = self.backend(client).search(SearchRequest(q="身份证"))
        self.assertEqual(results.count, 1)
        hit = results.hits[0]
        self.assertEqual(
            (hit.code, hit.region_name, hit.department), ("HC-1", "海川市", "公安局")
        )
        self.assertIn("身份证</mark>", hit.highlight)
        self.assertEqual(results.facets["region"], [("990100", 1)])
        self.assertEqual(results.facet_labels["region"], {"990100": "海川市"})

    def test_empty_query_sends_nothing(self):
        client = mock.MagicMock()
        client.search.return_value = {"aggregations": {"codes": {"buckets": []}}}
        results = self.backend(client).search(SearchRequest(q="😀 ？"))
        self.assertEqual(results.count, 0)
        self.assertLessEqual(client.search.call_count, 1)  # the region lookup only

    def test_suggestions_map_pinyin_back_to_titles(self):
        client = mock.MagicMock()
        texts = [
            ["社会保障卡申领", "shehuibaozhangkashenling", "shbzksl"],
            ["办社保卡", "banshebaoka", "bsbk"],
        ]
        client.search.return_value = {
            "suggest": {
                "titles": [
                    {"options": [{"_source": {"suggest_texts": {"items": texts}}}]}
                ]
            }
        }
        self.assertEqual(self.backend(client).suggest("shehui"), ["社会保障卡申领"])
        self.assertEqual(self.backend(client).suggest("bsb"), ["办社保卡"])
        self.assertEqual(self.backend(client).suggest(""), [])


class BackendChoiceTests(SimpleTestCase):
    def tearDown(self):
        index.get_backend.cache_clear()

    def test_elasticsearch_url_chooses_the_elasticsearch_backend(self):
        index.get_backend.cache_clear()
        with override_settings(
            ELASTICSEARCH_URL="http://es.invalid:9200",
            SEARCH_ELASTICSEARCH_INDEX="portal",
            SEARCH_ELASTICSEARCH_ANALYZER="IK",
        ):
            backend = index.get_backend()
        self.assertIsInstance(backend, ElasticBackend)
        self.assertEqual((backend.alias, backend.native), ("portal", "ik"))

    def test_without_url_the_embedded_backend_serves(self):
        index.get_backend.cache_clear()
        self.assertIsInstance(index.get_backend(), EmbeddedBackend)

    @override_settings(SEARCH_ELASTICSEARCH_ANALYZER="jieba")
    def test_unknown_analyzer_is_a_configuration_error(self):
        with self.assertRaisesMessage(
            ImproperlyConfigured, "SEARCH_ELASTICSEARCH_ANALYZER"
        ):
            ElasticBackend(url="http://es.invalid:9200")


class EngineFailureTests(TestCase):
    def failing_backend(self, error):
        client = mock.MagicMock()
        client.search.side_effect = error
        client.count.side_effect = error
        base.forget()
        return ElasticBackend(alias="banshi", native="", client=client)

    def test_an_unreachable_engine_is_unavailable_not_empty(self):
        from elastic_transport import ConnectionError as EngineDown

        backend = self.failing_backend(EngineDown("refused"))
        before = ElasticBackend.failures
        for call in (
            lambda: backend.search(SearchRequest(q="身份证")),
            lambda: backend.suggest("sfz"),
            lambda: backend.popular(),
        ):
            with (
                self.subTest(call=call),
                self.assertLogs("search.backends.elastic.backend", "ERROR"),
                self.assertRaises(SearchUnavailable),
            ):
                call()
        self.assertGreaterEqual(ElasticBackend.failures, before + 3)

    def test_a_refused_request_is_unavailable_too(self):
        from elasticsearch import BadRequestError

        meta = mock.Mock(status=400)
        error = BadRequestError("illegal_argument_exception", meta, {})
        backend = self.failing_backend(error)
        with (
            self.assertLogs("search.backends.elastic.backend", "ERROR"),
            self.assertRaises(SearchUnavailable),
        ):
            backend.search(SearchRequest(q="身份证"))

    def test_a_missing_index_is_simply_empty(self):
        from elasticsearch import NotFoundError

        backend = self.failing_backend(
            NotFoundError("index_not_found", mock.Mock(status=404), {})
        )
        results = backend.search(SearchRequest(q="身份证"))
        self.assertEqual((results.count, results.hits), (0, []))
