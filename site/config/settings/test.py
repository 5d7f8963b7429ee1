"""The test suite: fast hashing, mail in memory, media in a temporary folder, no CAPTCHA."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

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
