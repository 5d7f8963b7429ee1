"""The site's public address, the one source of every absolute link it gives out: the API, the sitemap,
robots.txt, feeds, the calendar, open-data exports and emails.

It is the setting `WAGTAILADMIN_BASE_URL` (environment variable of the same name, e.g.
`https://dtpc.jiangxi.example`), which Wagtail also uses for links in admin emails. Links are never built
from the request's Host header or from a default such as localhost:8000: behind a proxy those are the
internal address. `load_demo` points the default Wagtail Site at the same host and port (staff set it under Settings → Sites
in production), so Wagtail's own links (the admin's "view live") agree."""

from urllib.parse import urlsplit

from django.conf import settings


def public_base_url() -> str:
    """E.g. "https://dtpc.jiangxi.example" (no trailing slash)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(url: str) -> str:
    """`url` (a path, or an absolute URL of this site as Wagtail builds it from its Site record) on the
    public address, keeping its path, query and fragment."""
    parts = urlsplit(url)
    rest = parts.path or "/"
    if parts.query:
        rest += "?" + parts.query
    if parts.fragment:
        rest += "#" + parts.fragment
    return public_base_url() + (rest if rest.startswith("/") else "/" + rest)


def public_host_and_port() -> tuple[str, int]:
    """The host and port of the public address, as a Wagtail Site stores them (443 for https)."""
    parts = urlsplit(public_base_url())
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def site_follows_public_address(site) -> bool:
    """Point the Wagtail `site` at the public address (hostname and port); True when it changed."""
    hostname, port = public_host_and_port()
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True
