from django.conf import settings
from wagtail.models import Site


def site_shell(request):
    """Values every public template uses: site name and language list."""
    site = Site.find_for_request(request)  # cached on the request by Wagtail
    return {
        # Each Site (province, city) shows its own name; the setting is the fallback.
        "site_name": (site and site.site_name) or settings.WAGTAIL_SITE_NAME,
        "available_languages": settings.LANGUAGES,
    }
