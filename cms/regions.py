"""The visitor's chosen region: ``?region=CODE`` or the cookie it leaves."""

REGION_COOKIE = "banshi_region"


def selected_region(request):
    cached = getattr(request, "_banshi_region", False)
    if cached is not False:
        return cached
    from catalogue import services as catalogue_services

    code = request.GET.get("region") or request.COOKIES.get(REGION_COOKIE)
    region = catalogue_services.region_by_code(code) if code else None
    if region is None:
        region = catalogue_services.default_region(_default_code(request))
    request._banshi_region = region
    return region


def _default_code(request):
    from .models import PortalSettings

    try:
        return PortalSettings.for_request(request).default_region_code
    except Exception:  # noqa: BLE001 - no site matched: fall back to the root region
        return ""
