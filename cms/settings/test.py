"""Test settings: fast hashing, in-memory cache and mail, immediate tasks."""

from .base import *  # noqa: F403

SECRET_KEY = "tests-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "formbuilder_private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "imports": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
MIDDLEWARE = [m for m in MIDDLEWARE if "whitenoise" not in m]  # noqa: F405
# Tests search the embedded backend; the Elasticsearch contract tests read
# ELASTICSEARCH_URL from the environment themselves (tests/search/backends.py).
ELASTICSEARCH_URL = ""
# Tests change rows directly; the cache tests switch these on themselves.
PAGE_CACHE_SECONDS = 0
SEARCH_CACHE_SECONDS = 0
SEARCH_STATS_FLUSH_SECONDS = 0
