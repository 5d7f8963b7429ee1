"""Where the site's Elasticsearch is and what its indexes are called (settings, read when used)."""

from django.conf import settings
from elasticsearch.dsl import connections

CONNECTION = "default"


def enabled() -> bool:
    """True when the site searches on Elasticsearch (ELASTICSEARCH_URL is set)."""
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def index_prefix() -> str:
    return getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "jx_dtpc")


def chinese_plugin() -> str:
    """ "ik_smart", "smartcn"…, or "" on a stock server (ELASTICSEARCH_CHINESE_ANALYZER)."""
    return getattr(settings, "ELASTICSEARCH_CHINESE_ANALYZER", "")


def alias_name(name: str) -> str:
    """The alias pages are read from and written to; it points at one versioned index."""
    return f"{index_prefix()}-{name}"


def client():
    """The Elasticsearch client (elasticsearch-dsl's connection "default", made on first use; tests put a
    fake one there with `connections.add_connection`)."""
    try:
        return connections.get_connection(CONNECTION)
    except KeyError:
        return connections.create_connection(
            CONNECTION,
            hosts=[settings.ELASTICSEARCH_URL],
            request_timeout=getattr(settings, "ELASTICSEARCH_TIMEOUT", 10),
        )
