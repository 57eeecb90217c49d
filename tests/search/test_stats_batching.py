"""Query statistics are counted in the process and written in one batch."""

import pytest
from django.test import override_settings

from search import analytics
from search.analytics import QueryStat

pytestmark = pytest.mark.django_db


def test_counts_wait_for_the_flush_and_add_up():
    with override_settings(SEARCH_STATS_FLUSH_SECONDS=3600):
        analytics.take_pending()  # counts of earlier tests are not ours
        for _ in range(3):
            analytics.record_search("身份证 ", 5)
        analytics.record_search("无此事项", 0)
        analytics.record_click("身份证")
        assert not QueryStat.objects.exists()
        analytics.flush()
    rows = {r.query: r for r in QueryStat.objects.all()}
    assert (rows["身份证"].searches, rows["身份证"].clicks) == (3, 1)
    assert (rows["无此事项"].searches, rows["无此事项"].zero_results) == (1, 1)
    analytics.flush()  # nothing pending: nothing counted twice
    assert QueryStat.objects.get(query="身份证").searches == 3


def test_without_an_interval_each_search_is_written_at_once():
    analytics.record_search("公积金", 2)
    assert QueryStat.objects.get(query="公积金").searches == 1
