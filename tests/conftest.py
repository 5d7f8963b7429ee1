"""Fixtures shared by the whole suite."""

import os

import pytest
from django.core.cache import cache, caches
from wagtail.models import Locale

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
