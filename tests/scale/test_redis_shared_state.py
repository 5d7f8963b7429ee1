"""Redis holds everything app servers share (issue 15). With REDIS_URL: the cache, the page cache, rate limits,
lock-outs and sessions' fast copy are in Redis; a change made by another process reaches this process's memo
and cached pages; parallel test workers never share a Redis database. The rate-limit, lock-out and page-cache
tests of the apps also run on Redis (the `cache_backend` fixture in tests/conftest.py)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from wagtail.models import Site

from config import shared_state
from home import cache as page_cache
from home.models import SiteChrome

ROOT = Path(__file__).resolve().parents[2]
on_redis = pytest.mark.parametrize("cache_backend", ["redis"], indirect=True)

# Another app server: production settings on the same Redis and key prefix as this test process.
OTHER_SERVER = """
import json, django
django.setup()
from django.conf import settings
from home.cache import invalidate_public_pages
invalidate_public_pages()
print(json.dumps({"caches": {k: v["BACKEND"] for k, v in settings.CACHES.items()},
                  "locations": sorted({v["LOCATION"] for v in settings.CACHES.values()}),
                  "sessions": settings.SESSION_ENGINE, "axes": settings.AXES_HANDLER}))
"""


def other_server(url: str, prefix: str) -> dict:
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "another-server-" + "x" * 40,
        "ALLOWED_HOSTS": "dtpc.test",
        "REDIS_URL": url,
        "CACHE_KEY_PREFIX": prefix,
        "PYTHONPATH": f"{ROOT / 'site'}:{ROOT}",
    }
    done = subprocess.run(
        [sys.executable, "-c", OTHER_SERVER], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@on_redis
@pytest.mark.django_db
def test_a_change_made_by_another_server_reaches_this_process(cache_backend, client, home, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_MEMO_ENABLED = True
    SiteChrome.for_site(Site.objects.get(is_default_site=True))  # made on first use, which is a change
    assert page_cache.memo("answer", lambda: "first") == "first"
    assert page_cache.memo("answer", lambda: "second") == "first"  # kept in this process…
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    url = django_settings.CACHES["default"]["LOCATION"]
    other = other_server(url, shared_state.key_prefix_for_tests())

    assert page_cache.memo("answer", lambda: "second") == "second"  # … until another server changes something
    assert client.get("/")["X-Page-Cache"] == "miss"
    # That server, like every production server with REDIS_URL, keeps all shared state in the one Redis.
    assert set(other["caches"].values()) == {"config.shared_state.ScopedRedisCache"}
    assert other["locations"] == [url]
    assert other["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert other["axes"] == "axes.handlers.cache.AxesCacheHandler"


@on_redis
def test_clearing_the_page_cache_keeps_rate_limits_and_sessions(cache_backend):
    cache.set("rl:someone", 3)
    caches["pages"].set("page:x", "html")
    caches["pages"].clear()
    assert caches["pages"].get("page:x") is None
    assert cache.get("rl:someone") == 3


def test_parallel_test_workers_get_their_own_redis_database():
    base = "redis://127.0.0.1:6379/1"
    assert shared_state.redis_url_for_tests(base, "") == "redis://127.0.0.1:6379/1"
    assert shared_state.redis_url_for_tests(base, "gw0") == "redis://127.0.0.1:6379/1"
    assert shared_state.redis_url_for_tests(base, "gw3") == "redis://127.0.0.1:6379/4"
    assert shared_state.redis_url_for_tests("redis://:pw@redis:6380/15", "gw1") == "redis://:pw@redis:6380/0"
    assert shared_state.redis_url_for_tests("redis://127.0.0.1:6379", "gw2") == "redis://127.0.0.1:6379/2"


def test_without_redis_each_machine_keeps_per_process_caches(settings):
    assert shared_state.local_caches()["default"]["BACKEND"].endswith("LocMemCache")
    assert "redis" not in json.dumps(shared_state.local_caches())
