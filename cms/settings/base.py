"""Settings shared by every environment; each variable is read once, here."""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from cms.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("BANSHI_VAR_DIR") or BASE_DIR / "var")

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Behind a reverse proxy that sets them: take the host (and port) the visitor
# used from X-Forwarded-Host / X-Forwarded-Port.  Off unless configured, as a
# client could send them too.
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
USE_X_FORWARDED_PORT = env_bool("USE_X_FORWARDED_PORT", False)

INSTALLED_APPS = [
    "cms",
    "catalogue",
    "formbuilder",
    "search",
    "imports",
    "themes",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every answer under /api/ is JSON, errors included (cms/api_errors.py).
    "cms.api_errors.ApiErrorMiddleware",
    # Content-Security-Policy on the public site (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # zh-hans unless chosen with the language switch (not Accept-Language).
    "cms.middleware.ChosenLanguageMiddleware",
    "themes.middleware.ElderModeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Whole public pages from the cache (cms/pagecache; off when PAGE_CACHE_SECONDS=0).
    "cms.pagecache.middleware.PageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.site_shell",
                "themes.context_processors.theme",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'banshi.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
SQLITE_PAGE_SIZE = 16384
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never wait for a writer (WAL); a writer waits for the one
    # before it (an import's write phase) instead of failing with "database
    # is locked", and takes the lock at BEGIN so a read-then-write
    # transaction cannot fail half-way (IMMEDIATE).  A new database gets
    # 16 KiB pages (an existing one keeps its own): revisions and full-text
    # rows of 1.5–3 KB fit one to a 4 KiB page, so an import wrote (twice,
    # through the WAL) a third more pages than rows.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                f"PRAGMA page_size={SQLITE_PAGE_SIZE}; "
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 120),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Several installations (or a benchmark) may share one Redis.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", ""),
        }
    }
else:
    # On disk rather than in one process's memory: the app server and a task
    # worker on the same machine share import progress and form rate limits.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

# Public pages (guides, home, listings, guide/video/zone pages) as whole
# responses; publishing purges them (docs/decisions/0017-page-cache.md).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_ALIAS = "default"
# Each process re-reads the purge tokens from Redis at most this often, so a
# publish shows everywhere within it; entries served are also kept in memory.
PAGE_CACHE_RECHECK_SECONDS = float(env_str("PAGE_CACHE_RECHECK_SECONDS") or 0.2)
PAGE_CACHE_LOCAL_ENTRIES = env_int("PAGE_CACHE_LOCAL_ENTRIES", 500)
# s-maxage for a CDN in front (purged through WAGTAILFRONTENDCACHE); 0 = none.
PAGE_CACHE_CDN_SECONDS = env_int("PAGE_CACHE_CDN_SECONDS", 0)
# Never looked up: no cached page lives there.
PAGE_CACHE_SKIP_PREFIXES = [
    "/admin/",
    "/api/",
    "/search/",
    "/forms/",
    "/static/",
    "/media/",
    "/documents/",
    "/i18n/",
    "/healthz",
    "/readyz",
]
# A change to any of these retires every cached page (they show on most).
PAGE_CACHE_FLUSH_MODELS = [
    "catalogue.Region",
    "catalogue.Department",
    "catalogue.Topic",
    "catalogue.LifeEvent",
    "catalogue.Bundle",
    "catalogue.ServiceHall",
    "catalogue.HighFrequencyList",
    "catalogue.HighFrequencyEntry",
    "cms.PortalSettings",
    "themes.ThemeSettings",
    "wagtailcore.Site",
]
# Search results for the same query within this many seconds cost one search.
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 60)
SEARCH_CACHE_RECHECK_SECONDS = float(env_str("SEARCH_CACHE_RECHECK_SECONDS") or 0.5)
# App-server workers run one search while booting (``search.services.warm_up``),
# so no citizen waits seconds for dictionaries after a deploy or restart.
SEARCH_WARM_UP = env_bool("SEARCH_WARM_UP", False)
# Anonymous query counts are written in batches this many seconds apart.
SEARCH_STATS_FLUSH_SECONDS = env_int("SEARCH_STATS_FLUSH_SECONDS", 10)
# A CDN or caching proxy in front: Wagtail's frontend_cache purges it.
FRONTEND_CACHE_PURGE_URL = env_str("FRONTEND_CACHE_PURGE_URL")
if FRONTEND_CACHE_PURGE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }

# --- Auth -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
TIME_ZONE = env_str("TIME_ZONE") or "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
MEDIA_URL = env_str("MEDIA_URL") or "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")

AWS_STORAGE_BUCKET_NAME = env_str("S3_BUCKET")
if AWS_STORAGE_BUCKET_NAME:
    # Several app servers behind a load balancer must share uploaded media.
    _MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("S3_ENDPOINT_URL"),
            "region_name": env_str("S3_REGION"),
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "custom_domain": env_str("S3_CUSTOM_DOMAIN"),
            "file_overwrite": False,
        },
    }
else:
    _MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if AWS_STORAGE_BUCKET_NAME:
    # Form uploads: same bucket, private objects, reached only through signed URLs.
    _PRIVATE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_MEDIA_STORAGE["OPTIONS"],
            "location": "private/formbuilder",
            "default_acl": "private",
            "querystring_auth": True,
            "custom_domain": None,
        },
    }
else:
    # Outside MEDIA_ROOT so the media URL can never serve it.
    _PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "private" / "formbuilder", "base_url": None},
    }
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "formbuilder_private": _PRIVATE_STORAGE,
    # Uploaded import workbooks: private like form uploads, in their own folder.
    "imports": {
        **_PRIVATE_STORAGE,
        "OPTIONS": {
            **_PRIVATE_STORAGE["OPTIONS"],
            "location": "private/imports"
            if AWS_STORAGE_BUCKET_NAME
            else VAR_DIR / "private" / "imports",
        },
    },
}

# --- Content-Security-Policy (django-csp) ------------------------------------
# The public site runs no inline script and loads assets from itself (and
# the media bucket, when set); the theme's brand colours are the one inline
# <style>, allowed by its nonce.  The Wagtail admin writes inline scripts of
# its own and keeps Wagtail's defaults.
_ASSET_ORIGINS = [
    origin
    for origin in (
        f"https://{env_str('S3_CUSTOM_DOMAIN')}" if env_str("S3_CUSTOM_DOMAIN") else "",
        env_str("S3_ENDPOINT_URL") if AWS_STORAGE_BUCKET_NAME else "",
    )
    if origin
]
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *_ASSET_ORIGINS],
        "media-src": [SELF, *_ASSET_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# --- Background tasks -------------------------------------------------------
# In-process by default (the demo needs no worker); production settings pick
# the database backend, whose worker is ``manage.py run_worker``.
DURABLE_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND")
        or "django_tasks.backends.immediate.ImmediateBackend",
    }
}
# Seconds between the worker's heartbeats, after which a silent worker counts
# as gone, and between its search-index reconciliations.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 60)
WORKER_RECONCILE_SECONDS = env_int("WORKER_RECONCILE_SECONDS", 600)

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = env_str("SITE_NAME") or "办事 Banshi"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "doc",
    "xlsx",
    "xls",
    "ods",
    "odt",
    "jpg",
    "png",
    "zip",
]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Video tutorials: browsers play mp4 (H.264) and webm natively.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "wagtailmedia.Media",
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "ogg"],
    "VIDEO_EXTENSIONS": ["mp4", "webm"],
}

# --- Project settings -------------------------------------------------------
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
# ES 8 as deployed (security on): credentials in the URL or an API key, the
# CA of a self-signed cluster, request timeout (seconds) and retries.
ELASTICSEARCH_API_KEY = env_str("ELASTICSEARCH_API_KEY", "")
ELASTICSEARCH_CA_CERTS = env_str("ELASTICSEARCH_CA_CERTS", "")
ELASTICSEARCH_VERIFY_CERTS = env_bool("ELASTICSEARCH_VERIFY_CERTS", True)
ELASTICSEARCH_TIMEOUT = env_str("ELASTICSEARCH_TIMEOUT", "10")
ELASTICSEARCH_MAX_RETRIES = env_int("ELASTICSEARCH_MAX_RETRIES", 2)
# Alias the Elasticsearch backend searches; indexes behind it are <alias>-<timestamp>.
SEARCH_ELASTICSEARCH_INDEX = env_str("SEARCH_ELASTICSEARCH_INDEX", "banshi-search")
# Optional Elasticsearch Chinese analyzer plugin over raw texts: "", "smartcn" or "ik".
SEARCH_ELASTICSEARCH_ANALYZER = env_str("SEARCH_ELASTICSEARCH_ANALYZER", "")
# Dotted paths of the search document sources (see search/protocols.py).
SEARCH_DOCUMENT_SOURCES = [
    "catalogue.indexing.ServiceItemSource",
    "cms.content.indexing.GuidePageSource",
    "cms.content.indexing.VideoPageSource",
    "cms.form_indexing.FormSource",
]
# Adjusts forms per service item (materials waived, 容缺 commitment); see formbuilder/services.py.
FORMBUILDER_CONTEXT_PROVIDER = "catalogue.forms_link.CatalogueFormContext"
# Form-builder limits (defaults in formbuilder/conf.py).
FORMBUILDER_DRAFT_DAYS = env_int("FORMBUILDER_DRAFT_DAYS", 30)
FORMBUILDER_RETENTION_DAYS = env_int("FORMBUILDER_RETENTION_DAYS", 3 * 365)
FORMBUILDER_RATE_LIMIT = env_int("FORMBUILDER_RATE_LIMIT", 10)
# Behind a reverse proxy: the META key with the client address (e.g. HTTP_X_REAL_IP).
FORMBUILDER_CLIENT_IP_HEADER = env_str("FORMBUILDER_CLIENT_IP_HEADER") or None
