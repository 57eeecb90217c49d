from django.conf import settings


def site_shell(request):
    """Values every public template uses: site name and language list."""
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "available_languages": settings.LANGUAGES,
    }
