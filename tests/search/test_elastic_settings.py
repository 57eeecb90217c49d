"""Elasticsearch 8 as deployed: https, credentials or API key, CA, timeouts, retries."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from search import conf


def options(**settings):
    with override_settings(**settings):
        return conf.elasticsearch_client_options()


def test_credentials_leave_the_url_for_basic_auth():
    found = options(ELASTICSEARCH_URL="https://elastic:p%40ss@es.example:9200")
    assert found["hosts"] == ["https://es.example:9200"]
    assert found["basic_auth"] == ("elastic", "p@ss")


def test_an_api_key_wins_over_url_credentials():
    found = options(
        ELASTICSEARCH_URL="https://elastic:x@es.example:9200",
        ELASTICSEARCH_API_KEY="a2V5OnNlY3JldA==",
    )
    assert found["api_key"] == "a2V5OnNlY3JldA=="
    assert "basic_auth" not in found


def test_a_self_signed_cluster_names_its_ca():
    found = options(
        ELASTICSEARCH_URL="https://es.example:9200",
        ELASTICSEARCH_CA_CERTS="/etc/banshi/es-ca.crt",
    )
    assert found["ca_certs"] == "/etc/banshi/es-ca.crt"
    assert "verify_certs" not in found


def test_timeouts_and_retries_are_set_and_configurable():
    default = options(ELASTICSEARCH_URL="http://127.0.0.1:9200")
    assert default["request_timeout"] == 10.0
    assert default["max_retries"] == 2 and default["retry_on_timeout"] is True
    tuned = options(
        ELASTICSEARCH_URL="http://127.0.0.1:9200",
        ELASTICSEARCH_TIMEOUT="2.5",
        ELASTICSEARCH_MAX_RETRIES=0,
    )
    assert (tuned["request_timeout"], tuned["max_retries"]) == (2.5, 0)


def test_a_bad_timeout_names_the_setting():
    with pytest.raises(ImproperlyConfigured, match="ELASTICSEARCH_TIMEOUT"):
        options(ELASTICSEARCH_URL="http://127.0.0.1:9200", ELASTICSEARCH_TIMEOUT="soon")


def test_the_client_is_built_from_these_options():
    with override_settings(
        ELASTICSEARCH_URL="https://u:p@127.0.0.1:9",
        ELASTICSEARCH_API_KEY="",
    ):
        client = conf.elasticsearch_client()
    node = next(iter(client.transport.node_pool.all()))
    assert node.config.scheme == "https" and node.config.port == 9
    assert client._headers["authorization"].startswith("Basic ")


def test_health_names_a_missing_alias():
    from unittest import mock

    from search.backends.elastic import ElasticBackend

    client = mock.Mock()
    client.ping.return_value = True
    client.indices.exists_alias.return_value = False
    backend = ElasticBackend(url="http://127.0.0.1:9", alias="banshi-x", client=client)
    ok, detail = backend.health()
    assert not ok and "banshi-x" in detail
    client.ping.return_value = False
    assert backend.health() == (False, "Elasticsearch does not answer")
