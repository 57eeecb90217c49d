"""The search API's parameters, checked: a value it cannot take is a 400.

The results page forgives odd addresses (a citizen edited the link); an
app calling the API learns of its mistake instead of getting nothing back.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .forms import filter_names, search_request_from
from .index import closed_facets
from .query import MAX_PAGE, MAX_PER_PAGE, SearchRequest

REGION_LENGTH = 12
FACET_LENGTH = 100
WHOLE_NUMBER = re.compile(r"^[0-9]{1,9}$")


class ParameterError(Exception):
    def __init__(self, name: str, message):
        super().__init__(str(message))
        self.path, self.message = f"/{name}", str(message)


def _whole_number(params, name: str, maximum: int) -> None:
    value = params.get(name)
    if value is None:
        return
    if not WHOLE_NUMBER.match(value) or not 1 <= int(value) <= maximum:
        raise ParameterError(
            name,
            _("Give a whole number from 1 to %(maximum)d.") % {"maximum": maximum},
        )


def _length(params, name: str, maximum: int) -> None:
    if len(params.get(name) or "") > maximum:
        raise ParameterError(
            name,
            _("This value is longer than %(count)d characters.") % {"count": maximum},
        )


def _choice(params, name: str, allowed: frozenset[str]) -> None:
    value = params.get(name)
    if value is not None and value not in allowed:
        raise ParameterError(
            name,
            _("Unknown value; use one of: %(values)s.")
            % {"values": ", ".join(sorted(allowed))},
        )


def api_search_request(params, *, cookies=None) -> SearchRequest:
    """A SearchRequest from the API's query; ``ParameterError`` names a bad one."""
    _whole_number(params, "page", MAX_PAGE)
    _whole_number(params, "limit", MAX_PER_PAGE)
    _length(params, "region", REGION_LENGTH)
    _choice(params, "region_filter", frozenset({"1"}))
    closed = closed_facets()
    for name in ("type", *filter_names()):
        if name in closed:
            _choice(params, name, closed[name])
        elif name != "region":
            _length(params, name, FACET_LENGTH)
    return search_request_from(params, cookies=cookies)
