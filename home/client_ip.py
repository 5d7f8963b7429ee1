"""The client's address, read one way for every per-address defence: django-ratelimit
(RATELIMIT_IP_META_KEY) and django-axes (AXES_CLIENT_IP_CALLABLE) both call `client_ip`.

Behind a reverse proxy REMOTE_ADDR is the proxy's address, so every visitor would share one counter and
one lock. Set CLIENT_IP_META_KEY (environment; RATELIMIT_IP_META_KEY is read too, for older setups) to the
request header the proxy sets, e.g. HTTP_X_REAL_IP, or HTTP_X_FORWARDED_FOR, of which the last address
(the one our proxy appended) is used: earlier ones are whatever the client chose to send.
"""

import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the client as our proxy saw it; REMOTE_ADDR when no header is configured or the
    header is missing or not an address."""
    meta_key = getattr(settings, "CLIENT_IP_META_KEY", "") or "REMOTE_ADDR"
    if meta_key != "REMOTE_ADDR":
        forwarded = [part for part in request.META.get(meta_key, "").split(",") if part.strip()]
        if forwarded and (address := _valid(forwarded[-1])):
            return address
    return _valid(request.META.get("REMOTE_ADDR", "")) or "127.0.0.1"
