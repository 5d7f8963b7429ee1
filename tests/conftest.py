"""Fixtures shared by the whole suite."""

import os

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.core.cache import cache, caches
from wagtail.models import Locale

from config import shared_state
from home.cache import invalidate_public_pages

os.environ.setdefault("DEMO_PASSWORD", "demo-test-password")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached fragments never leak from one test into the next."""
    cache.clear()
    caches["pages"].clear()
    # A rolled-back test sends no signal: start each test with a new generation (no remembered sites, locales).
    invalidate_public_pages()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture(params=["local", "redis"])
def cache_backend(request, settings):
    """Run a test twice: with per-process caches (one machine) and on the real Redis that production
    shares between app servers (REDIS_URL: cache, page cache, rate limits, lock-outs, sessions). Redis is
    redis://127.0.0.1:6379/1 unless REDIS_URL or TEST_REDIS_URL says otherwise, a database per
    pytest-xdist worker and a key prefix per process. Skipped when Redis is not reachable, failed under
    CI=true (.ci/run starts redis-server)."""
    if request.param == "redis":
        url = shared_state.redis_url_for_tests()
        reason = shared_state.redis_unreachable(url)
        if reason:
            message = f"{reason}: start redis-server or set TEST_REDIS_URL=redis://host:port/n"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
        settings.CACHES = shared_state.redis_caches(url, key_prefix=shared_state.key_prefix_for_tests())
        settings.SESSION_ENGINE = shared_state.REDIS_SESSION_ENGINE
        settings.AXES_HANDLER = shared_state.REDIS_AXES_HANDLER
    else:
        settings.CACHES = shared_state.local_caches()
        settings.SESSION_ENGINE = shared_state.LOCAL_SESSION_ENGINE
        settings.AXES_HANDLER = shared_state.LOCAL_AXES_HANDLER
    AxesProxyHandler.get_implementation(force=True)  # it keeps its handler (and the handler its cache)
    cache.clear()
    caches["pages"].clear()
    invalidate_public_pages()
    yield request.param
    cache.clear()
    caches["pages"].clear()
    AxesProxyHandler.implementation = None  # made afresh from the restored settings when next needed


@pytest.fixture
def locales(db):
    zh, _ = Locale.objects.get_or_create(language_code="zh-hans")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return zh, en


@pytest.fixture
def site_tree(db, locales):
    """The page tree of the demo shell (home in both languages, information pages, accounts)."""
    from home import demo

    return demo.load()


@pytest.fixture
def home(site_tree):
    return site_tree["home"]


@pytest.fixture
def world(site_tree):
    """The review desk's world: demo accounts tied to two areas, an open round and 公示, submissions."""
    from tests.factories import DeskWorld

    return DeskWorld(site_tree)


@pytest.fixture
def as_user(client):
    """Log the test client in as one of the world's users (None stays anonymous), with the admin in
    `language` (English unless a test says otherwise, so assertions read the msgids)."""

    def _as(user, *, language="en"):
        from wagtail.users.models import UserProfile

        client.logout()
        if user is not None:
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = language
            profile.save()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _as
