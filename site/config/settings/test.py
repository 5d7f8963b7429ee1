"""The test suite: fast hashing, mail in memory, media in a temporary folder, no CAPTCHA."""

import tempfile
from pathlib import Path

from config.shared_state import key_prefix_for_tests, redis_caches, redis_url_for_tests

from .base import *  # noqa: F403
from .base import REDIS_URL

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_TMP = Path(tempfile.mkdtemp(prefix="dtpc-test-"))
MEDIA_ROOT = _TMP / "media"
PRIVATE_MEDIA_ROOT = _TMP / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CAPTCHA_ENABLED = False
CAPTCHA_TEST_MODE = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = True
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
STATIC_ROOT = _TMP / "static"
# Pages are rendered afresh in tests; tests/home/test_page_cache.py turns the cache on.
PAGE_CACHE_ENABLED = False
# Per-process lookups kept until a change (home/cache.py `memo`): off, so query counts compare like with like.
PAGE_MEMO_ENABLED = False
PAGE_CACHE_GENERATION_FILE = _TMP / "page-cache-generation"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# With REDIS_URL the whole suite runs on Redis: each pytest-xdist worker in its own database, each process
# under its own key prefix (clearing the cache between tests touches no one else's keys).
if REDIS_URL:
    CACHES = redis_caches(redis_url_for_tests(), key_prefix=key_prefix_for_tests())

# Search: the suite runs on the database engines. ELASTICSEARCH_URL, when set, is only remembered here:
# the behaviour suites' `search_engine` fixture (tests/conftest.py) switches a test to Elasticsearch when
# it points at a live server (and skips that variant, saying how to run it, otherwise).
ELASTICSEARCH_TEST_URL = ELASTICSEARCH_URL  # noqa: F405
ELASTICSEARCH_URL = ""
SEARCH_ENGINE = ""
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "home.search_database"}}
