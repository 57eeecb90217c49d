"""A burst of the same query costs one search; an index write retires the answers."""

from unittest import mock

import pytest
from django.test import override_settings

from search import services
from search.index import get_backend
from search.query import SearchRequest
from tests.catalogue.factories import ServiceItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cached")]


@pytest.fixture
def cached():
    with override_settings(SEARCH_CACHE_SECONDS=60):
        yield


@pytest.fixture
def counted():
    backend = get_backend()
    with mock.patch.object(backend, "search", wraps=backend.search) as search:
        yield search


@pytest.fixture
def indexed():
    ServiceItemFactory(implementation_code="QC-001", name="出生医学证明办理")
    services.rebuild_index()


def codes(q, **kwargs):
    return [hit.code for hit in services.search(SearchRequest(q=q, **kwargs)).hits]


def test_the_same_query_in_any_spelling_is_searched_once(indexed, counted):
    assert codes("出生医学证明") == ["QC-001"]
    assert codes("  出生医学证明 ") == ["QC-001"]
    assert codes("出生医学证明", page=1) == ["QC-001"]
    assert counted.call_count == 1
    codes("出生医学证明", page=2)
    codes("出生医学证明", filters={"type": "item"})
    assert counted.call_count == 3


def test_full_width_and_case_are_one_query(indexed, counted):
    codes("ＱＣ出生")
    codes("qc出生")
    codes("QC出生")
    assert counted.call_count == 1


def test_an_index_write_retires_cached_answers(
    indexed, django_capture_on_commit_callbacks
):
    assert codes("出生医学证明") == ["QC-001"]
    with django_capture_on_commit_callbacks(execute=True):
        ServiceItemFactory(implementation_code="QC-002", name="出生医学证明补发")
        services.rebuild_index()
    assert sorted(codes("出生医学证明")) == ["QC-001", "QC-002"]


def test_another_process_write_shows_within_the_recheck(indexed, counted):
    from django.core.cache import cache

    from search import query_cache

    codes("出生医学证明")
    cache.set(query_cache.GENERATION, 1)  # as a worker's index write would
    with override_settings(SEARCH_CACHE_RECHECK_SECONDS=3600):
        codes("出生医学证明")
    assert counted.call_count == 1
    with override_settings(SEARCH_CACHE_RECHECK_SECONDS=0):
        codes("出生医学证明")
    assert counted.call_count == 2


def test_the_api_answers_a_repeated_query_from_the_cache(client, indexed, counted):
    first = client.get("/api/v1/search", {"q": "出生医学证明"}).json()
    second = client.get("/api/v1/search", {"q": "出生医学证明"}).json()
    assert first == second and first["count"] == 1
    assert counted.call_count == 1


def test_off_means_every_query_is_searched(indexed, counted):
    with override_settings(SEARCH_CACHE_SECONDS=0):
        codes("出生医学证明")
        codes("出生医学证明")
    assert counted.call_count == 2


def test_cached_api_answers_keep_each_language_its_labels(client, indexed):
    def type_labels():
        body = client.get("/api/v1/search", {"q": "出生医学证明"}).json()
        return {value["label"] for value in body["facets"]["type"]}

    chinese = type_labels()
    client.cookies["django_language"] = "en"
    english = type_labels()
    assert chinese != english
    client.cookies["django_language"] = "zh-hans"
    assert type_labels() == chinese


def test_an_api_miss_stores_one_entry_not_one_per_layer(client, indexed):
    from django.core.cache import cache

    with mock.patch.object(cache, "set", wraps=cache.set) as stored:
        client.get("/api/v1/search", {"q": "出生医学证明"})
    kinds = [call.args[0].split(":")[1] for call in stored.call_args_list]
    assert [kind for kind in kinds if kind in ("api", "results")] == ["api"]
    # The page still caches the results it searched for itself.
    with mock.patch.object(cache, "set", wraps=cache.set) as stored:
        codes("出生医学证明办理")
    assert [c.args[0].split(":")[1] for c in stored.call_args_list] == ["results"]
