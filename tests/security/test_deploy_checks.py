"""Item 9 of issue 14: production must not run a per-process cache silently (`check --deploy` warns)."""

import os
import subprocess
import sys
from pathlib import Path

from home.checks import check_shared_cache

ROOT = Path(__file__).resolve().parents[2]


def test_a_per_process_cache_is_warned_about(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in check_shared_cache()] == ["home.W001"]


def test_a_shared_cache_is_fine(settings):
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}}
    assert check_shared_cache() == []


def deploy_check(**env):
    environment = {
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
        **{key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60 + "-deploy-check-only",
        "ALLOWED_HOSTS": "dtpc.example.org",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_fails_ci_without_redis_and_passes_with_it_without_contacting_redis():
    without = deploy_check()
    assert without.returncode != 0 and "home.W001" in without.stderr + without.stdout
    with_redis = deploy_check(REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens there
    assert with_redis.returncode == 0, with_redis.stderr
