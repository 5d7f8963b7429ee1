"""Item 10 of issue 14: a Content-Security-Policy without inline script on the public site, a
Permissions-Policy, /healthz over plain HTTP, a Secure elder-mode cookie in production, the access code
shown once and not kept, and a throttled admin password reset."""

import re
from pathlib import Path

import pytest
from django.test import override_settings

from tests.factories import objection_data

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_public_pages_have_a_strict_policy_and_the_admin_keeps_its_own(client, site_tree, admin_client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "Content-Security-Policy" not in admin_client.get("/admin/")


def test_no_template_of_the_public_site_has_inline_script_or_handlers():
    inline = []
    for template in ROOT.glob("*/templates/**/*.html"):
        if "/admin/" in str(template) or ".venv" in str(template):
            continue
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", text):
            inline.append(f"{template.relative_to(ROOT)}: {match.group(0)}")
    for template in (ROOT / "site" / "templates").glob("**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            inline.append(str(template.relative_to(ROOT)))
    assert inline == []


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz$"])
def test_healthz_answers_over_plain_http_while_pages_redirect(client, site_tree):
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_production_settings_exempt_healthz_and_make_the_elder_cookie_secure():
    text = (ROOT / "site" / "config" / "settings" / "production.py").read_text()
    assert 'SECURE_REDIRECT_EXEMPT = [r"^healthz$"]' in text
    assert "ELDER_MODE_COOKIE_SECURE = True" in text


@override_settings(ELDER_MODE_COOKIE_SECURE=True)
def test_the_elder_mode_cookie_is_secure_when_production_says_so(client, site_tree):
    response = client.post("/elder-mode/", {"mode": "on", "next": "/"})
    cookie = next(iter(response.cookies.values()))
    assert cookie["secure"] is True and cookie["httponly"] is True


def test_the_access_code_leaves_the_session_once_shown(client, post, open_publicity):
    post(f"{open_publicity.url}objection/", objection_data(open_publicity))
    page = client.get("/submissions/receipt/").content.decode()
    code = re.search(r'id="access-code">([^<]+)<', page).group(1)
    assert code not in str(dict(client.session.items()))
    assert code not in client.get("/submissions/receipt/").content.decode()


def test_the_admin_password_reset_is_throttled_per_client(client, site_tree, settings):
    settings.PASSWORD_RESET_RATE = "2/h"
    for _ in range(2):
        assert client.post("/admin/password_reset/", {"email": "someone@example.org"}).status_code == 302
    assert client.post("/admin/password_reset/", {"email": "someone@example.org"}).status_code == 429
    other = client.post("/admin/password_reset/", {"email": "a@example.org"}, REMOTE_ADDR="203.0.113.5")
    assert other.status_code == 302
