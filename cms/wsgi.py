import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
application = get_wsgi_application()

# Each gunicorn worker imports this module before it accepts requests.
if getattr(settings, "SEARCH_WARM_UP", False):
    from search import services as search_services

    search_services.warm_up()
