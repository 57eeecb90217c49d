import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
application = get_wsgi_application()

# Each gunicorn worker imports this module before it accepts requests.  The
# URLconf (Wagtail's admin viewsets among it: ~150 ms) would otherwise be
# imported by each worker's first request, whoever sent it.
get_resolver().url_patterns  # noqa: B018 - imported for its side effect

if getattr(settings, "SEARCH_WARM_UP", False):
    from search import services as search_services

    search_services.warm_up()
