"""Item 2 of issue 14: behind a proxy, the log-in lock-out and the rate limits read the client's address
the same way (home.client_ip), and the lock is per account AND address, so nobody locks a colleague out."""

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from home.client_ip import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "demo-test-password"  # DEMO_PASSWORD in tests/conftest.py
PROXY = "10.0.0.1"  # every request reaches the app from the proxy


def login(client, username, password, *, address):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"198.51.100.200, {address}",
    )


def logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_both_defences_use_the_one_client_address_function():
    assert django_settings.RATELIMIT_IP_META_KEY == "home.client_ip.client_ip"
    assert django_settings.AXES_CLIENT_IP_CALLABLE == "home.client_ip.client_ip"
    assert django_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_the_client_address_is_the_last_one_the_proxy_appended(settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"
    forged = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not an address")
    assert client_ip(forged) == PROXY
    settings.CLIENT_IP_META_KEY = ""
    assert client_ip(request) == PROXY


@pytest.mark.usefixtures("cache_backend")  # also on Redis, as production counts
def test_failures_from_one_address_lock_that_address_not_a_colleague_elsewhere(client, site_tree, settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    for _ in range(5):
        login(client, "nanchang", "guess", address="203.0.113.66")
    assert login(client, "nanchang", PASSWORD, address="203.0.113.66").status_code in (403, 429)
    assert not logged_in(client)
    response = login(client, "nanchang", PASSWORD, address="203.0.113.7")
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.usefixtures("cache_backend")  # also on Redis, as production counts
def test_rate_limits_count_per_client_behind_the_proxy(client, open_publicity, settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    settings.SUBMISSION_RATE = "1/h"
    url = f"{open_publicity.url}objection/"
    headers = {"REMOTE_ADDR": PROXY}
    assert client.post(url, {}, HTTP_X_FORWARDED_FOR="203.0.113.1", **headers).status_code == 200
    assert client.post(url, {}, HTTP_X_FORWARDED_FOR="203.0.113.1", **headers).status_code == 429
    assert client.post(url, {}, HTTP_X_FORWARDED_FOR="203.0.113.2", **headers).status_code == 200
