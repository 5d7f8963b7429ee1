"""The site shell: addresses others rely on, languages, health, settings that guard production."""

import io
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError

ROOT = Path(__file__).resolve().parents[2]


def test_standard_library_site_module_is_untouched():
    out = subprocess.run(
        [sys.executable, "-c", "import site; print(site.__file__)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "site-packages" not in out.stdout
    assert not out.stdout.strip().startswith(str(ROOT))
    assert out.stdout.strip().endswith("site.py")


@pytest.mark.django_db
def test_home_pages_answer_in_their_language(client, site_tree):
    zh = client.get("/")
    assert zh.status_code == 200
    assert '<html lang="zh-Hans"' in zh.content.decode()
    assert "江西省省级数字化转型促进中心" in zh.content.decode()
    en = client.get("/en/")
    assert en.status_code == 200
    body = en.content.decode()
    assert '<html lang="en"' in body
    assert "Jiangxi Provincial Digital Transformation Promotion Centers" in body
    assert "Skip to main content" in body


@pytest.mark.django_db
def test_chinese_interface_strings_are_translated(client, site_tree):
    body = client.get("/").content.decode()
    assert "跳至主要内容" in body
    assert "Skip to main content" not in body


@pytest.mark.django_db
def test_language_switch_links_to_the_translated_page(client, site_tree):
    body = client.get("/accessibility/").content.decode()
    assert 'href="/en/accessibility/"' in body
    body = client.get("/en/accessibility/").content.decode()
    assert 'href="/accessibility/"' in body


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "up"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client):
    with mock.patch("home.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_plumbing_addresses(client, site_tree):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots["Content-Type"].startswith("text/plain")
    assert "Sitemap:" in robots.content.decode()
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200 and b"<urlset" in sitemap.content
    api = client.get("/api/v2/pages/")
    assert api.status_code == 200 and api.json()["meta"]["total_count"] >= 2
    assert client.get("/admin/login/").status_code == 200


@pytest.mark.django_db
def test_api_lists_only_published_pages(client, site_tree):
    from home.models import StandardPage

    page = StandardPage.objects.get(slug="privacy", locale__language_code="zh-hans")
    page.unpublish()
    ids = {item["id"] for item in client.get("/api/v2/pages/?limit=20").json()["items"]}
    assert page.pk not in ids


@pytest.mark.django_db
def test_not_found_page_in_both_languages(client, site_tree):
    zh = client.get("/no-such-page/")
    assert zh.status_code == 404 and "页面不存在" in zh.content.decode()
    en = client.get("/en/no-such-page/")
    assert en.status_code == 404 and "Page not found" in en.content.decode()


@pytest.mark.django_db
def test_elder_mode_is_remembered(client, site_tree):
    response = client.post("/elder-mode/", {"mode": "on", "next": "/accessibility/"})
    assert response.status_code == 302 and response["Location"] == "/accessibility/"
    assert 'class="elder"' in client.get("/").content.decode()
    client.post("/elder-mode/", {"mode": "off", "next": "/"})
    assert 'class="elder"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_elder_mode_never_redirects_off_site(client, site_tree):
    response = client.post("/elder-mode/", {"mode": "on", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def _rows_per_model() -> dict[str, int]:
    """How many rows each model holds, many-to-many link tables included."""
    from django.apps import apps

    return {model._meta.label: model._base_manager.count() for model in apps.get_models(include_auto_created=True)}


# A second load publishes every demo page again, so each page's history (a revision and a log entry) grows.
# The reference index is compared too: the first load once indexed two fewer references (the revocation
# record's center and notice) than the second.
_GROWS_ON_RELOAD = {"wagtailcore.Revision", "wagtailcore.PageLogEntry"}


@pytest.mark.django_db
def test_loading_the_demo_again_adds_no_row_to_any_model_but_the_pages_history(locales, reference_index):
    """`load_demo` is safe to run again: every model (pages, notices, ratings, workflows, accounts, the desk's
    applications and objections, the evaluation round, event registrations...) keeps its count, and what the
    public and the desk read of the evaluation and the registrations is unchanged."""
    from django.core.management import call_command
    from wagtail.models import Page, ReferenceIndex

    from submissions.models import EvaluationSubmission, EventRegistration

    call_command("load_demo", stdout=io.StringIO())
    before = _rows_per_model()
    evaluations = sorted(EvaluationSubmission.objects.values_list("receipt_number", "state"))
    registrations = sorted(EventRegistration.objects.values_list("pk", "state"))
    assert before["wagtailcore.Page"] > 50 and before["auth.User"] >= 6 and before["submissions.Application"] >= 5
    # Wagtail's reference index is kept as in production (`reference_index`): a notice's attachment shows
    # where it is used.
    assert ReferenceIndex.objects.filter(to_content_type__model="document").exists()

    summary = io.StringIO()
    call_command("load_demo", stdout=summary)
    after = _rows_per_model()
    kept = set(before) - _GROWS_ON_RELOAD
    assert {label: after[label] for label in kept} == {label: before[label] for label in kept}
    republished = after["wagtailcore.Revision"] - before["wagtailcore.Revision"]
    assert 0 < republished <= Page.objects.count()
    assert after["wagtailcore.PageLogEntry"] - before["wagtailcore.PageLogEntry"] == republished
    assert sorted(EvaluationSubmission.objects.values_list("receipt_number", "state")) == evaluations
    assert sorted(EventRegistration.objects.values_list("pk", "state")) == registrations
    assert "industry → 江西省陶瓷产业推进办公室" in summary.getvalue()  # the summary again, in full


@pytest.mark.django_db
def test_demo_accounts_log_in_with_the_printed_password(client, site_tree, settings):
    from home.demo import DEMO_USERS, demo_password

    for username in DEMO_USERS:
        client.logout()
        response = client.post("/admin/login/", {"username": username, "password": demo_password()})
        assert response.status_code == 302, username
        assert client.get("/admin/").status_code == 200, username


@pytest.mark.django_db
def test_an_editors_picture_comes_from_the_site_not_from_gravatar(client, site_tree):
    from bs4 import BeautifulSoup

    from home.demo import demo_password

    client.post("/admin/login/", {"username": "editor", "password": demo_password()})
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    pictures = [img["src"] for img in page.select("img.avatar, .avatar img")]
    assert pictures, "the admin shows the editor's picture"
    assert all(src.startswith("/static/") for src in pictures), pictures  # not //www.gravatar.com/…


@pytest.mark.parametrize(
    "env",
    [{"ALLOWED_HOSTS": "example.org"}, {"SECRET_KEY": "x" * 50}],
    ids=["no secret", "no hosts"],
)
def test_production_settings_refuse_to_start_without_secret_or_hosts(env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}}
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, 'site'); import config.settings.production"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_load_demo_works_on_a_flushed_database(client):
    """`manage.py flush` removes Wagtail's root page and collection too; the demo loader puts them back."""
    from django.core.management import call_command
    from wagtail.models import Collection, Page

    call_command("flush", interactive=False, verbosity=0)
    assert not Page.objects.exists() and not Collection.objects.exists()
    call_command("load_demo", stdout=io.StringIO())
    assert Collection.objects.filter(depth=1).count() == 1
    assert client.get("/").status_code == 200
