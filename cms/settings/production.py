"""Production: secrets and hosts are required; only hardening is added here."""

from cms.env import env_bool, env_int, env_required, env_str, strong_secret

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = strong_secret("SECRET_KEY", env_required("SECRET_KEY"))
ALLOWED_HOSTS = [
    h.strip() for h in env_required("ALLOWED_HOSTS").split(",") if h.strip()
]
env_required("DATABASE_URL")
# Keep connections across requests (a new PostgreSQL connection costs more
# than a cached page); checked before reuse so a restarted server is no error.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# Workers load search dictionaries while booting, not on a citizen's query.
SEARCH_WARM_UP = env_bool("SEARCH_WARM_UP", True)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)  # noqa: F405
# Background work survives restarts: tasks are rows in the site database,
# written in the transaction of the change they follow (docs/deployment.md).
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND") or DURABLE_TASKS_BACKEND}}  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's admin previews pages in a same-origin iframe, so DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
