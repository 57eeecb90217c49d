"""Template values for the shell: the site's theme and the elderly-mode flag."""

from .registry import get_theme


def theme(request):
    settings_row = _theme_settings(request)
    return {
        "theme": settings_row.resolved if settings_row else get_theme(""),
        "theme_settings": settings_row,
        "elder_mode": getattr(request, "elder_mode", False),
    }


def _theme_settings(request):
    from .models import ThemeSettings

    try:
        return ThemeSettings.for_request(request)
    except Exception:  # noqa: BLE001 - no site matched (e.g. a bare test request)
        return None
