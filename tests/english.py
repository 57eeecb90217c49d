"""English UI in tests: the language switch's cookie (the site ignores Accept-Language)."""

from django.conf import settings
from django.test import Client

# Headers for a single request without other cookies (no session needed).
EN_COOKIE = {"cookie": f"{settings.LANGUAGE_COOKIE_NAME}=en"}


def english(client):
    """Make ``client`` ask for English from now on, keeping its other cookies."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def english_client(**kwargs) -> Client:
    return english(Client(**kwargs))


class EnglishClient(Client):
    """A test client that chose English with the language switch."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        english(self)
