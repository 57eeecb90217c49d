"""Elderly mode (长辈版): ``?elder=1`` on any URL turns it on and remembers it."""

from django.utils.cache import patch_vary_headers

ELDER_COOKIE = "banshi_elder"
ELDER_PARAM = "elder"
_YEAR = 365 * 24 * 3600


def elder_choice(request) -> bool | None:
    """True/False when this request asks to switch, None when it does not."""
    value = request.GET.get(ELDER_PARAM)
    return {"1": True, "0": False}.get(value)


class ElderModeMiddleware:
    """Sets ``request.elder_mode`` from the query or the cookie; keeps the choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        choice = elder_choice(request)
        request.elder_mode = (
            choice if choice is not None else request.COOKIES.get(ELDER_COOKIE) == "1"
        )
        response = self.get_response(request)
        if choice is not None:
            response.set_cookie(
                ELDER_COOKIE, "1" if choice else "0", max_age=_YEAR, samesite="Lax"
            )
        # Shared caches must not hand the large-print page to everyone.
        patch_vary_headers(response, ["Cookie"])
        return response
