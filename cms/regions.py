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
