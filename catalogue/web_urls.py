"""Addresses a guide may link to: http and https only.

An item's online address becomes a link on the public guide, so a
``javascript:`` or ``data:`` address would run in a citizen's browser.  The
admin's URL field already refuses them; the import checks with the same
validator (``validate_web_url``), and the guide links only what
``safe_web_url`` lets through, whatever an older row may hold.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.validators import URLValidator

WEB_SCHEMES = ("http", "https")
validate_web_url = URLValidator(schemes=list(WEB_SCHEMES))


def safe_web_url(value: str | None) -> str:
    """``value`` if it is an http(s) address, else the empty string."""
    text = (value or "").strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return ""
    return text if scheme in WEB_SCHEMES else ""
