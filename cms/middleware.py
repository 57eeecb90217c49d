"""The interface language: zh-hans unless the visitor chose another.

Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language``, so an
English browser got English menus around Chinese content.  Here only the
language switch counts: ``set_language`` keeps the choice in the language
cookie, and without one every visitor gets ``LANGUAGE_CODE``.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request) -> str:
    """The language the visitor picked with the switch, else the default."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        # The language comes from a cookie, never from Accept-Language.
        patch_vary_headers(response, ["Cookie"])
        return response
