"""``search.services.warm_up``: one search while an app-server worker boots."""

from unittest import mock

from django.test import SimpleTestCase

from search import services


class WarmUpTests(SimpleTestCase):
    def test_runs_one_search_past_the_answer_cache(self):
        backend = mock.Mock()
        with (
            mock.patch.object(services, "get_backend", return_value=backend),
            mock.patch.object(services.query_cache, "cached") as cached,
        ):
            services.warm_up()
        backend.search.assert_called_once()
        self.assertEqual(backend.search.call_args.args[0].q, services.WARM_UP_QUERY)
        cached.assert_not_called()

    def test_connects_the_answer_cache_before_the_first_request(self):
        with (
            mock.patch.object(services, "get_backend", return_value=mock.Mock()),
            mock.patch.object(services.query_cache.cache, "get") as read,
        ):
            services.warm_up()
        read.assert_called_once_with(services.query_cache.GENERATION)

    def test_a_failure_is_logged_and_the_worker_still_boots(self):
        backend = mock.Mock()
        backend.search.side_effect = RuntimeError("database away")
        with (
            mock.patch.object(services, "get_backend", return_value=backend),
            self.assertLogs("search.services", "WARNING"),
        ):
            services.warm_up()
