from django import template
from django.utils.html import format_html_join

from ..middleware import ELDER_PARAM

register = template.Library()


@register.simple_tag(takes_context=True)
def elder_toggle_url(context):
    """The current URL with elderly mode flipped, other query values kept."""
    request = context.get("request")
    if request is None:
        return "?elder=1"
    query = request.GET.copy()
    query[ELDER_PARAM] = "0" if getattr(request, "elder_mode", False) else "1"
    return f"{request.path}?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def canonical_href(context):
    """The page's canonical address on the host and port the visitor used.

    Wagtail's ``page.full_url`` is built from a Site's root (``http://localhost/``
    in the demo, whatever port or proxy the visitor came through), so the
    address is taken from the request instead.
    """
    request = context.get("request")
    url = context.get("canonical_url")
    page = context.get("page")
    if not url and page is not None and hasattr(page, "get_url"):
        url = page.get_url(request)
    if not url or request is None:
        return url or ""
    return request.build_absolute_uri(url)


@register.simple_tag
def css_overrides(theme_settings):
    """``--name: value;`` pairs for a site's brand colours (already validated)."""
    if theme_settings is None:
        return ""
    return format_html_join(" ", "{}: {};", theme_settings.css_overrides().items())
