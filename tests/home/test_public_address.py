"""Open data and absolute addresses (issue 16): every absolute link the site gives out — API, sitemap,
robots.txt, feeds, calendar, exports, emails — starts with the configured public address
(WAGTAILADMIN_BASE_URL), never the request's host or localhost:8000; the API exposes center, event and
notice fields; the sitemap lists both languages with hreflang alternates."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from directory import services
from home import demo as home_demo
from tests import factories
from tests.factories import application_data, apply_url

pytestmark = pytest.mark.django_db

PUBLIC = "https://dtpc.jiangxi.example"


@pytest.fixture
def public(settings):
    settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = PUBLIC
    return PUBLIC


@pytest.fixture
def world(home, site_tree):
    zh, en = site_tree["locales"]
    area = factories.area("ganzhou", "赣州市")
    factories.translate(area, en, name="Ganzhou")
    rare = factories.industry("rare-earths", "稀土")
    factories.translate(rare, en, name="Rare earths")
    center = factories.center(home, "赣州市稀土产业数字化转型促进中心", area=area, industries=[rare], batch_year=2024)
    services.center_record_rating(center=center, year=2025, rating="excellent")
    event = factories.event(
        factories.events_page(home),
        "稀土产业供需对接会",
        area=area,
        industries=[rare],
        organisers=[center],
        capacity=80,
    )
    notice = factories.policy_notice(home, slug="measures", document_number="赣工信规字〔2024〕4号")
    return {"center": center, "event": event, "notice": notice, "en": en}


def test_robots_sitemap_feed_and_calendar_use_the_public_address(client, public, world):
    client.defaults["HTTP_HOST"] = "internal-app-3:8000"
    robots = client.get("/robots.txt", HTTP_HOST="127.0.0.1").content.decode()
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots
    for address in ("/sitemap.xml", "/notices/feed/", "/notices/feed/atom/", "/events/calendar.ics"):
        body = client.get(address, HTTP_HOST="127.0.0.1").content.decode()
        links = re.findall(r"https?://[^\s<\"']+", body)
        assert any(link.startswith(PUBLIC + "/") for link in links), address
        local = [link for link in links if re.match(r"https?://(localhost|127\.0\.0\.1|testserver|internal)", link)]
        assert not local, (address, local[:3])
        assert "localhost" not in body and ":8000" not in body and "127.0.0.1" not in body


def test_the_api_gives_public_addresses_and_the_centers_fields(client, public, world):
    center = world["center"]
    data = client.get(f"/api/v2/pages/{center.pk}/", HTTP_HOST="127.0.0.1").json()
    assert data["meta"]["html_url"] == f"{PUBLIC}/centers/{center.slug}/"
    assert data["meta"]["detail_url"] == f"{PUBLIC}/api/v2/pages/{center.pk}/"
    assert data["kind"] == "industry" and data["area_name"] == "赣州市" and data["industry_names"] == ["稀土"]
    assert data["status"] == "active" and data["batch_year"] == 2024
    assert data["ratings"] == [{"year": 2025, "rating": "excellent", "label": "优秀"}]
    assert data["lead_unit_name"] and "services_offered" in data

    event = client.get(f"/api/v2/pages/{world['event'].pk}/").json()
    assert event["area_name"] == "赣州市" and event["industry_names"] == ["稀土"]
    assert event["organiser_names"] == [center.title] and event["capacity"] == 80 and event["starts_at"]

    notice = client.get(f"/api/v2/pages/{world['notice'].pk}/").json()
    assert notice["document_number"] == "赣工信规字〔2024〕4号" and notice["kind"] == "policy"
    assert notice["published_on"]


def test_the_export_and_the_emails_use_the_public_address(
    client, public, world, home, django_capture_on_commit_callbacks
):
    rows = client.get("/centers/export.json", HTTP_HOST="127.0.0.1").json()["results"]
    assert rows and all(row["url"].startswith(PUBLIC + "/centers/") for row in rows)
    factories.area()
    notice = factories.application_notice(home, slug="apply-now")
    data = application_data(action="draft", declaration=None, construction_plan=None)
    for n in range(2, 10):
        data.pop(f"condition_regional_{n}")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(notice), data, HTTP_HOST="127.0.0.1")
    assert f"{PUBLIC}/notices/apply-now/apply/?draft=" in mail.outbox[-1].body
    assert "127.0.0.1" not in mail.outbox[-1].body


def test_the_sitemap_lists_both_languages_with_hreflang_alternates(client, public, world, site_tree):
    en = world["en"]
    notice = world["notice"]
    english = notice.copy_for_translation(en, copy_parents=True)
    english.title = "Management Measures"
    english.save_revision().publish()
    body = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", body)
    assert f"{PUBLIC}/en/" in locations and f"{PUBLIC}/" in locations
    assert f"{PUBLIC}/en/notices/measures/" in locations
    entry = body[body.index(f"<loc>{PUBLIC}/notices/measures/</loc>") :]
    entry = entry[: entry.index("</url>")]
    assert f'hreflang="en" href="{PUBLIC}/en/notices/measures/"' in entry
    assert f'hreflang="zh-Hans" href="{PUBLIC}/notices/measures/"' in entry
    assert 'hreflang="x-default"' in entry


def test_the_demo_site_answers_on_the_public_address(public, site_tree):
    from wagtail.models import Site

    home_demo.load()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("dtpc.jiangxi.example", 443)
    assert site.root_page.full_url == PUBLIC + "/"


def test_a_center_revoked_is_out_of_the_current_list_export_until_asked_for(client, world):
    center = world["center"]
    services.center_mark_revoked(center=center, cause="two_fails", effective_on=timezone.localdate() - dt.timedelta(1))
    # "This list" (the directory page's export links add list=current) leaves it out, as the page does ...
    assert client.get("/centers/export.json?list=current").json()["count"] == 0
    # ... the whole open dataset keeps it, marked; asking for revoked centers gives just it.
    assert [row["status"] for row in client.get("/centers/export.json").json()["results"]] == ["revoked"]
    revoked = client.get("/centers/export.json?list=current&status=revoked").json()
    assert revoked["count"] == 1 and revoked["results"][0]["status"] == "revoked"
