"""Settings shared by every environment. What varies comes from the environment (see .env.example)."""

import base64
import hashlib
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from config.shared_state import (
    DEFAULT_KEY_PREFIX,
    LOCAL_AXES_HANDLER,
    LOCAL_SESSION_ENGINE,
    REDIS_AXES_HANDLER,
    REDIS_SESSION_ENGINE,
    local_caches,
    redis_caches,
)

SITE_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = SITE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
# The key of the access codes' keyed hash (submissions.access_codes). Empty: derived from SECRET_KEY. Changing
# it (or SECRET_KEY while it is empty) makes every access code issued before stop working.
ACCESS_CODE_KEY = os.environ.get("ACCESS_CODE_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "notices",
    "directory",
    "submissions",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "captcha",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "home.middleware.PermissionsPolicyMiddleware",
    # A view that waited too long for SQLite's write lock answers "busy, try again" (503), not a 500.
    "home.middleware.DatabaseBusyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Anonymous visitors' public pages from the cache (home/cache.py); needs the user and the language.
    "home.cache.PublicPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a locked-out login attempt is refused before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"


def _inline_style_hash(template: Path) -> str:
    """The CSP source for the one inline <style> we allow: the self-contained 500 page, which must not
    depend on static files."""
    style = re.search(r"<style>(.*?)</style>", template.read_text(encoding="utf-8"), re.S).group(1)
    return "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"


# Content-Security-Policy (django-csp) for the public site: scripts, styles, images, fonts and forms from
# this site only, no inline script, no plugins, no framing by others. The Wagtail admin (/admin/, which
# also renders page previews) is excluded: it uses inline scripts and styles of its own, and only staff
# reach it, behind a log-in.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, _inline_style_hash(SITE_DIR / "templates" / "500.html")],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# Browser features the site never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: SQLite on one machine; DATABASE_URL=postgres://… to scale out.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent submissions on one machine: wait for the write lock instead of failing at once.
    # A worker keeps its connection (CONN_MAX_AGE, as on PostgreSQL): a new one per request parsed the schema
    # again and started from an empty page cache (the home page at 10k centers: 89 ms, against ~25 ms kept).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state (config/shared_state.py): per-process caches on one machine. REDIS_URL puts everything app
# servers share in Redis: the cache, the public page cache and its generation, rate limits, log-in lock-outs
# and a fast copy of sessions (kept in the database too). The task queue stays in the database
# (django-tasks-db): a task is enqueued in the transaction that stores the submission, or not at all.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, key_prefix=os.environ.get("CACHE_KEY_PREFIX") or DEFAULT_KEY_PREFIX)
    SESSION_ENGINE = REDIS_SESSION_ENGINE
    AXES_HANDLER = REDIS_AXES_HANDLER
else:
    CACHES = local_caches()
    SESSION_ENGINE = LOCAL_SESSION_ENGINE
    AXES_HANDLER = LOCAL_AXES_HANDLER
# Public page cache (home/cache.py): off with PAGE_CACHE=off. With local-memory caches the generation that
# invalidates pages is a file every server process on the machine reads.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
# Part of every cached page's key, so a deploy never serves pages the previous release rendered: a commit or a
# version when the deployment sets one, else a digest of the code and templates (home.cache.release).
PAGE_CACHE_RELEASE = os.environ.get("PAGE_CACHE_RELEASE", "")
PAGE_CACHE_GENERATION_FILE = Path(
    os.environ.get("PAGE_CACHE_GENERATION_FILE", BASE_DIR / "var" / "page-cache-generation")
)
# Searches' answers kept per process until the next change (home.cache.memo_recent), at most this many pks in
# all (8 bytes each); 0 keeps none.
PAGE_MEMO_RECENT_WEIGHT = int(os.environ.get("PAGE_MEMO_RECENT_WEIGHT", "1000000"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Staff log-in: five wrong passwords for one user from one address lock that user at that address for an
# hour; the same user elsewhere can still log in, so nobody can lock a colleague out.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "home.client_ip.client_ip"

# The client's address behind a reverse proxy: the request header the proxy sets (e.g. HTTP_X_REAL_IP or
# HTTP_X_FORWARDED_FOR); REMOTE_ADDR when unset. Rate limits and the log-in lock read it through one function.
CLIENT_IP_META_KEY = os.environ.get("CLIENT_IP_META_KEY") or os.environ.get("RATELIMIT_IP_META_KEY") or ""
RATELIMIT_IP_META_KEY = "home.client_ip.client_ip"

# Languages: Simplified Chinese at the root, English under /en/.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Submission attachments never live under MEDIA_ROOT: they are served only by a permission-checked view.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Importing the province's records (directory/importing): the largest file and the most rows accepted.
DIRECTORY_IMPORT_MAX_BYTES = int(os.environ.get("DIRECTORY_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
DIRECTORY_IMPORT_MAX_ROWS = int(os.environ.get("DIRECTORY_IMPORT_MAX_ROWS", 10_000))

# Bigger uploads are spooled to an unnamed temporary file that a killed worker cannot leave behind.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "submissions.files.UnnamedTemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None

# Wagtail
WAGTAIL_SITE_NAME = "江西省省级数字化转型促进中心"
# The site's public address: every absolute link it gives out (API, sitemap, robots.txt, feeds, calendar,
# open data, emails) starts with it (home/public_address.py), never with the request's host.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ofd", "zip"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAILSEARCH_HITS_MAX_AGE = 30
# Editors' pictures are Wagtail's own default, not Gravatar's: no editor's email (hashed) goes to a service
# abroad, and the admin's Content-Security-Policy (img-src 'self') would show a broken image anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Search: the database backend on one machine; ELASTICSEARCH_URL switches the directory and site search
# (home.search_es) and Wagtail's own search (admin, API) to Elasticsearch 8, both with the site's Chinese
# analysis (home.search_es.analysis). ELASTICSEARCH_CHINESE_ANALYZER=ik_smart or smartcn when the server
# has that plugin. Create the indexes with `python manage.py search_index create` and `update_index`.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX", "jx_dtpc")
ELASTICSEARCH_CHINESE_ANALYZER = os.environ.get("ELASTICSEARCH_CHINESE_ANALYZER", "")
ELASTICSEARCH_TIMEOUT = int(os.environ.get("ELASTICSEARCH_TIMEOUT", "10"))
if ELASTICSEARCH_URL:
    from home.search_es.analysis import wagtail_index_settings

    SEARCH_ENGINE = "home.search_es.engine.ElasticsearchEngine"
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "home.search_es.wagtail_backend",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX_PREFIX}_",
            "TIMEOUT": ELASTICSEARCH_TIMEOUT,
            "OPTIONS": {},
            "INDEX_SETTINGS": wagtail_index_settings(ELASTICSEARCH_CHINESE_ANALYZER),
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "home.search_database"}}

# Email: tasks send it (immediately unless a worker is configured).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@dtpc.jiangxi.example")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Public forms
CAPTCHA_ENABLED = True
CAPTCHA_IMAGE_SIZE = (120, 44)
CAPTCHA_FONT_SIZE = 30
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_LETTER_ROTATION = (-10, 10)
RATELIMIT_VIEW = "home.views.rate_limited"
SUBMISSION_RATE = os.environ.get("SUBMISSION_RATE", "10/h")
STATUS_LOOKUP_RATE = os.environ.get("STATUS_LOOKUP_RATE", "10/m")
# Links to a saved draft mailed to one address (the form cannot be used to mail strangers).
DRAFT_LINK_RATE = os.environ.get("DRAFT_LINK_RATE", "3/h")
PASSWORD_RESET_RATE = os.environ.get("PASSWORD_RESET_RATE", "5/h")
# Email alerts: confirmation emails to one address, and messages sent by one run of send_alerts.
ALERT_CONFIRMATION_RATE = os.environ.get("ALERT_CONFIRMATION_RATE", "3/h")
ALERTS_MAX_PER_RUN = int(os.environ.get("ALERTS_MAX_PER_RUN", "500"))
OBJECTION_RETENTION_DAYS = int(os.environ.get("OBJECTION_RETENTION_DAYS", str(3 * 365)))
# Registrations for an event keep their name, unit and contact details this many days after it ends.
EVENT_REGISTRATION_RETENTION_DAYS = int(os.environ.get("EVENT_REGISTRATION_RETENTION_DAYS", "30"))

REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"]}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "wagtail": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
