"""Deploy checks (`manage.py check --deploy`) for what production must not run silently."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Caches whose counts live in one worker process: rate limits and lock-outs would count per worker.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    """Warn when the default cache is per process: with several workers each one keeps its own rate-limit
    counters, so a limit of 10 a minute lets 10 a minute through each worker. Reads settings only; it
    never connects to the cache."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Warning(
                f"The default cache is per process ({backend}): rate limits and lock-outs count per worker.",
                hint="Set REDIS_URL so every worker shares one cache.",
                id="home.W001",
            )
        ]
    return []
