"""Fixtures shared by the whole suite."""

import os

import pytest
from django.core.cache import cache
from wagtail.models import Locale

os.environ.setdefault("DEMO_PASSWORD", "demo-test-password")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached fragments never leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


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
