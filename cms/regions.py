"""The visitor's chosen region: ``?region=CODE`` or the cookie it leaves.

A site whose ``PortalSettings.scope_to_region`` is on (a city portal) only
offers its default region and the regions below it.
"""

REGION_COOKIE = "banshi_region"


def selected_region(request):
    cached = getattr(request, "_banshi_region", False)
    if cached is not False:
        return cached
    from catalogue import services as catalogue_services

    settings_row = _portal_settings(request)
    default_code = settings_row.default_region_code if settings_row else ""
    code = request.GET.get("region") or request.COOKIES.get(REGION_COOKIE)
    region = catalogue_services.region_by_code(code) if code else None
    allowed = _allowed_regions(settings_row)
    if region is None or (allowed is not None and region not in allowed):
        region = catalogue_services.default_region(default_code)
    request._banshi_region = region
    return region


def site_regions(request, regions):
    """The regions the switcher offers on this request's site."""
    allowed = _allowed_regions(_portal_settings(request))
    return list(regions) if allowed is None else [r for r in regions if r in allowed]


def _allowed_regions(settings_row):
    if settings_row is None or not settings_row.scope_to_region:
        return None
    from catalogue import services as catalogue_services

    root = catalogue_services.region_by_code(settings_row.default_region_code)
    return None if root is None else catalogue_services.regions_under(root)


def _portal_settings(request):
    from .models import PortalSettings

    try:
        return PortalSettings.for_request(request)
    except Exception:  # noqa: BLE001 - no site matched: fall back to the root region
        return None


def site_scope(request):
    """``catalogue.site_scope.SiteScope`` of the request's site (registered in ready)."""
    from catalogue.services import SiteScope

    allowed = _allowed_regions(_portal_settings(request))
    if allowed is None:
        return SiteScope()
    return SiteScope(
        region_ids=frozenset(region.pk for region in allowed),
        elsewhere=lambda item: _url_on_serving_site(request, item),
    )


def _url_on_serving_site(request, item):
    """The same path on another site that serves ``item``'s region, if any."""
    from wagtail.models import Site

    from .models import PortalSettings

    current = Site.find_for_request(request)
    for site in Site.objects.order_by("-is_default_site", "hostname"):
        if current is not None and site.pk == current.pk:
            continue
        allowed = _allowed_regions(PortalSettings.for_site(site))
        if allowed is None or item.region in allowed:
            return _root_url(site, request) + request.get_full_path()
    return None


def _root_url(site, request):
    # Demo and development sites keep Wagtail's default port 80 while the
    # server listens elsewhere; stay on the port the visitor used.
    port = request.get_port()
    if site.port == 80 and port not in ("80", "443"):
        return f"{request.scheme}://{site.hostname}:{port}"
    return site.root_url
