"""The public results page, the JSON API and click-through logging."""

from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from . import query_cache, services
from .analytics import record_click, record_search
from .api_params import ParameterError, api_search_request
from .forms import display_facets, search_request_from
from .index import facet_declarations, kind_labels
from .query import PageOutOfRange, SearchUnavailable

SUGGEST_LIMIT = 8
RETRY_AFTER = 30  # seconds
UNAVAILABLE = gettext_lazy(
    "Search is unavailable at the moment. Please try again shortly."
)


@require_GET
def results_page(request):
    search_request = search_request_from(request.GET, cookies=request.COOKIES)
    page_capped = False
    try:
        try:
            results = services.search(search_request) if search_request.q else None
        except PageOutOfRange as capped:
            # Past the engine's window: show its last page and say why.
            search_request = replace(search_request, page=capped.last_page)
            page_capped = True
            results = services.search(search_request)
    except SearchUnavailable:
        response = render(
            request,
            "search/results.html",
            {
                "q": search_request.q,
                "unavailable": True,
                "page_title": search_request.q,
            },
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    if results is not None and search_request.page == 1:
        record_search(search_request.q, results.count)
    context = {
        "page_capped": page_capped,
        "answer": results.answer if results is not None else None,
        "q": search_request.q,
        "search_request": search_request,
        "results": results,
        "page_obj": _page(results, search_request),
        "facets": _facet_links(request, results),
        "active_filters": active_filters(request),
        "clear_filters_url": _without(request, *display_facets(), "region_filter"),
        "region_names": results.facet_labels.get("region", {}) if results else {},
        "page_title": search_request.q or None,
    }
    if results is not None and results.count == 0:
        context.update(_zero_result_help(search_request))
    return render(request, "search/results.html", context)


def _zero_result_help(search_request) -> dict:
    """Suggestions and popular services; nothing when the engine fails now."""
    try:
        return {
            "suggestions": services.suggest(search_request.q, SUGGEST_LIMIT),
            "popular": services.popular_items(
                SUGGEST_LIMIT, region=search_request.region
            ),
        }
    except SearchUnavailable:
        return {}


def _page(results, search_request):
    if results is None:
        return None
    paginator = Paginator(range(results.count), search_request.per_page)
    return paginator.get_page(search_request.page)


def _facet_links(request, results):
    if results is None:
        return []
    groups = []
    for name in display_facets():
        values = results.facets.get(name) or []
        if values:
            groups.append(
                {
                    "name": name,
                    "active": request.GET.get(name, ""),
                    "values": [
                        (v, n, _with_param(request, name, v)) for v, n in values
                    ],
                }
            )
    return groups


def active_filters(request):
    """The filters in force, each with the address that drops it.

    ``region`` alone is a preference (it ranks, never filters) and is not
    shown; with ``region_filter=1`` it filters.
    """
    chips = []
    for name in display_facets():
        value = request.GET.get(name, "")
        if not value or (name == "region" and not request.GET.get("region_filter")):
            continue
        extra = ("region_filter",) if name == "region" else ()
        chips.append(
            {
                "name": name,
                "value": value,
                "remove_url": _without(request, name, *extra),
            }
        )
    return chips


def _without(request, *names):
    params = request.GET.copy()
    for name in (*names, "page"):
        params.pop(name, None)
    return "?" + params.urlencode()


def _with_param(request, name, value):
    params = request.GET.copy()
    params[name] = value
    if name == "region":
        params["region_filter"] = "1"
    params.pop("page", None)
    return "?" + params.urlencode()


@require_GET
def api_search(request):
    try:
        search_request = api_search_request(request.GET, cookies=request.COOKIES)
    except ParameterError as error:
        return JsonResponse(
            {"errors": [{"path": error.path, "message": error.message}]},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    if not search_request.q:
        return JsonResponse({"count": 0, "results": [], "facets": {}, "answer": None})
    # The encoded answer is cached with the results (same key and index
    # generation, per language for the facet labels): a burst costs one encoding.
    parts = (*query_cache.request_parts(search_request), translation.get_language())
    try:
        count, body = query_cache.cached(
            "api", parts, lambda: _api_body(services.search(search_request))
        )
    except PageOutOfRange as capped:
        message = _(
            "Only the first %(window)d results can be paged through; "
            "the last page of this size is %(last)d. Narrow the search."
        ) % {"window": capped.window, "last": capped.last_page}
        return JsonResponse(
            {
                "errors": [{"path": "/page", "message": message}],
                "last_page": capped.last_page,
            },
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    except SearchUnavailable:
        return _unavailable_json()
    record_search(search_request.q, count)
    return HttpResponse(body, content_type="application/json")


def _api_body(results) -> tuple[int, bytes]:
    response = JsonResponse(
        {
            "count": results.count,
            "results": [
                {
                    "code": hit.code,
                    "title": hit.title,
                    "type": hit.kind,
                    "url": hit.url,
                    "score": round(hit.score, 4),
                    "highlight": hit.highlight,
                }
                for hit in results.hits
            ],
            "answer": answer_data(results.answer, results.answer_hit),
            "facets": {
                name: _facet_values(values, _facet_labels(results, name))
                for name, values in results.facets.items()
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )
    return results.count, response.content


def _facet_labels(results, name):
    if name == "type":  # 事项 / 指南 / 视频 / 表单 in the visitor's language
        return {kind: str(label) for kind, label in kind_labels().items()}
    if name in results.facet_labels:
        return results.facet_labels[name]
    facet = facet_declarations().get(name)
    return {v: str(label) for v, label in facet.values.items()} if facet else None


def _facet_values(values, labels) -> list[dict]:
    # Labels are looked up once per facet, not once per value (a region
    # facet has hundreds of values, each label a gettext call).
    return [_facet_value(value, count, labels) for value, count in values]


def _facet_value(value, count, labels):
    """A facet value for the API; coded values (regions) carry their name."""
    item = {"value": value, "count": count}
    if labels and value in labels:
        item["label"] = labels[value]
    return item


def answer_data(answer, hit) -> dict | None:
    """The answer card for the API: which result, which part, its lines."""
    if answer is None:
        return None
    return {
        "code": hit.code,
        "title": hit.title,
        "part": answer.part,
        "heading": str(answer.heading),
        "lines": [{"text": line.text, "note": line.note} for line in answer.lines],
        "url": answer.url,
    }


def _unavailable_json():
    """503 "search is unavailable, try again" (never an empty result)."""
    response = JsonResponse(
        {"errors": [{"path": "", "message": str(UNAVAILABLE)}]},
        status=503,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(RETRY_AFTER)
    return response


@require_GET
def api_suggest(request):
    prefix = (request.GET.get("q") or "").strip()[:50]
    try:
        suggestions = services.suggest(prefix, SUGGEST_LIMIT) if prefix else []
    except SearchUnavailable:
        return _unavailable_json()
    return JsonResponse(
        {"q": prefix, "suggestions": suggestions},
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def click(request):
    """Count a click on a result, then go there (this site's paths only)."""
    record_click(request.GET.get("q", ""), request.GET.get("d", ""))
    return HttpResponseRedirect(click_target(request, request.GET.get("to", "")))


def click_target(request, target: str) -> str:
    """The path a result's ``to`` leads to on the visitor's own host.

    Documents store paths.  An absolute address (an index written before
    they did, built from a Wagtail Site root such as ``http://localhost/``)
    is reduced to its path when its host is this request's or a configured
    site's; anything else, and any scheme-relative or odd address, goes home.
    """
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or not _own_host(request, parts):
            return "/"
        target = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return "/"
    return target


def _own_host(request, parts) -> bool:
    from wagtail.models import Site

    host = (parts.hostname or "").lower()
    if host == request.get_host().split(":")[0].lower():
        return True
    return Site.objects.filter(hostname__iexact=host).exists()
