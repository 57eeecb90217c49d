"""Local development: DEBUG on, a per-checkout secret key generated once."""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
# ".localhost" also admits the demo city site at hc.localhost.
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", ".localhost", "[::1]"]  # noqa: F405


def _dev_secret_key() -> str:
    """Keep one random key per checkout so sessions survive restarts."""
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = SECRET_KEY or _dev_secret_key()  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Templates and code change under the developer: never serve a stale page.
PAGE_CACHE_SECONDS = 0
SEARCH_CACHE_SECONDS = 0
SEARCH_STATS_FLUSH_SECONDS = 0
