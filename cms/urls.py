from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from formbuilder import urls as formbuilder_urls
from search import urls as search_urls

from . import api_docs, api_errors, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # Exempt: it only sets the language cookie, and a token in the switch on
    # every page would make no page cacheable (ADR 0017).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", include(wagtailadmin_urls)),
    path("search/", include(search_urls)),
    path("forms/", include(formbuilder_urls)),
    path("api/v1/openapi.json", api_docs.openapi, name="openapi"),
    path("api/v1/", include((formbuilder_urls.api_urlpatterns, "formbuilder_api"))),
    path("api/v1/", include((search_urls.api_urlpatterns, "search_api"))),
    # Any other API address: a JSON 404, never a page of the site (nor a
    # redirect to add a slash, which a POST cannot follow).
    re_path(r"^api/", api_errors.not_found),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
