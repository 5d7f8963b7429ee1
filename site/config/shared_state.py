"""Where state shared by every app server lives (issue 15): one Redis for the cache, the public page cache,
rate limits, log-in lock-outs and sessions' fast copy. Used by the settings and by the tests that run the
rate-limit, lock-out and cache tests against a real Redis.

Nothing here is per process: `home.cache` keeps its page-cache generation in the shared cache, and its
per-process memo (`home.cache.memo`) is keyed by that generation, so a change made through one server is
seen by every process of every server on its next request.
"""

import os
import re
import socket
from urllib.parse import urlsplit

from django_redis.cache import RedisCache

DEFAULT_KEY_PREFIX = "dtpc"


class ScopedRedisCache(RedisCache):
    """django-redis, except that `clear()` removes only this cache's keys (its KEY_PREFIX) instead of
    FLUSHDB: clearing the page cache must not drop rate limits, lock-outs or sessions kept in the same
    Redis database, nor another site's keys."""

    def clear(self) -> None:
        self.delete_pattern("*")


def redis_caches(url: str, *, key_prefix: str = DEFAULT_KEY_PREFIX) -> dict:
    """The CACHES setting on the Redis at `url`: `default` (rate limits, lock-outs, sessions, search
    frequencies) and `pages` (rendered public pages, home/cache.py), apart so pages never evict counts."""

    def cache(prefix: str) -> dict:
        return {
            "BACKEND": "config.shared_state.ScopedRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }

    return {"default": cache(key_prefix), "pages": cache(f"{key_prefix}.pages")}


def local_caches() -> dict:
    """One machine, one process or several: per-process caches (home/cache.py shares the page-cache
    generation through a file instead)."""
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }


# With Redis: sessions are read from the cache and kept in the database too (a Redis restart logs nobody
# out), and django-axes counts wrong passwords in Redis (atomic INCR with the cool-off as expiry).
REDIS_SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
REDIS_AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
LOCAL_SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOCAL_AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"


# --- Tests ------------------------------------------------------------------------------------------

TEST_REDIS_URL = "redis://127.0.0.1:6379/1"
REDIS_DATABASES = 16  # redis-server's default `databases`


def redis_url_for_tests(base: str | None = None, worker: str | None = None) -> str:
    """The Redis a test process uses: REDIS_URL (or TEST_REDIS_URL, or redis://127.0.0.1:6379/1) with the
    database number moved by the pytest-xdist worker's index (gw0 → n, gw1 → n+1, …), so parallel
    workers never share a database. Each process also has its own key prefix (`key_prefix_for_tests`)."""
    base = base or os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or TEST_REDIS_URL
    worker = os.environ.get("PYTEST_XDIST_WORKER", "") if worker is None else worker
    index = int(match.group(1)) if (match := re.fullmatch(r"gw(\d+)", worker)) else 0
    parts = urlsplit(base)
    path = parts.path.strip("/")
    number = (int(path) if path.isdigit() else 0) + index
    return parts._replace(path=f"/{number % REDIS_DATABASES}").geturl()


def key_prefix_for_tests() -> str:
    return f"test{os.getpid()}"


def redis_unreachable(url: str, timeout: float = 0.5) -> str:
    """Why Redis at `url` cannot be used, or "" when it answers PING."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 6379
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(b"PING\r\n")
            answer = connection.recv(64)
    except OSError as error:
        return f"no Redis at {host}:{port} ({error.strerror or error})"
    if not answer.startswith(b"+PONG"):
        return f"Redis at {host}:{port} did not answer PING ({answer[:40]!r})"
    return ""
