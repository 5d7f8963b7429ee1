"""Every public page shows where it sits, the same way: a trail from the home page, links to each page above,
the current step last and marked as such (issue 16: one look on every page, in both languages)."""

import re

import pytest
from wagtail.models import Locale

from directory.models import CenterPage, EventPage
from notices.models import ApplicationNotice, PublicityNotice

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_content):
    return demo_content


def trail(client, url) -> tuple[list[str], str]:
    """The linked crumbs' names and the current step's text of the page at `url`."""
    response = client.get(url)
    assert response.status_code == 200, url
    nav = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', response.content.decode(), re.S)
    assert nav, f"no breadcrumbs on {url}"
    links = re.findall(r"<li><a href=\"[^\"]+\">([^<]+)</a></li>", nav.group(1))
    current = re.search(r'<li aria-current="page">([^<]+)</li>', nav.group(1))
    assert current, f"no current step on {url}"
    return links, current.group(1).strip()


def zh(model, **filters):
    return model.objects.live().filter(locale__language_code="zh-hans", **filters).first()


HOME = "江西省省级数字化转型促进中心"


def test_pages_and_their_forms_start_at_the_home_page_and_end_at_the_current_step(demo, client):
    center = zh(CenterPage, slug="ganzhou-rare-earths")
    event = zh(EventPage, title__contains="赣州市中小企业")
    publicity = zh(PublicityNotice, title__contains="2026年度第一批")
    application = zh(ApplicationNotice, title__contains="第二批")
    directory = center.get_parent()
    cases = {
        center.url: ([HOME, directory.title], center.title),
        event.url: ([HOME, event.get_parent().title], event.title),
        publicity.url: ([HOME, publicity.get_parent().title], publicity.title),
        "/centers/map/": ([HOME, directory.title], "促进中心分布图"),
        event.url + "register/": ([HOME, event.get_parent().title, event.title], "报名"),
        center.url + "report-change/": ([HOME, directory.title, center.title], None),
        publicity.url + "objection/": ([HOME, publicity.get_parent().title, publicity.title], None),
        application.url + "apply/": ([HOME, application.get_parent().title, application.title], None),
    }
    for url, (links, current) in cases.items():
        got_links, got_current = trail(client, url)
        assert got_links == links, url
        if current is not None:
            assert got_current == current, url


def test_english_pages_have_the_english_trail(demo, client):
    center = zh(CenterPage, slug="ganzhou-rare-earths").get_translation(Locale.objects.get(language_code="en"))
    links, current = trail(client, center.url)
    assert links[0] == "Jiangxi Provincial Digital Transformation Promotion Centers"
    assert links[1] == "Center directory" and current == center.title
