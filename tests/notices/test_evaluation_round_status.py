"""An open evaluation round is described the same way on the /notices/ listing as on its own page:
评价材料受理中 (Accepting evaluation materials), never the application wording 申报中, in both languages."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def status_texts(html: str) -> list[str]:
    """The text of each status badge (notices/includes/status.html), tags dropped."""
    badges = re.findall(r'<span class="status status--[a-z]+">(.*?)</span>\s*(.*?)</span>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", label + rest).split()) for label, rest in badges]


@pytest.fixture
def round_page(site_tree):
    return factories.evaluation_round(site_tree["home"])


def test_listing_and_page_name_an_open_round_alike_in_chinese(client, round_page):
    listing = client.get("/notices/").content.decode()
    page = client.get(round_page.url).content.decode()
    [listed] = status_texts(listing)
    assert "评价材料受理中" in listed and "剩余" in listed
    assert "申报中" not in listed
    assert "评价材料受理中" in page and "申报中" not in page


def test_listing_and_page_name_an_open_round_alike_in_english(client, site_tree, round_page):
    from home.demo import ensure_translation

    _zh, en = site_tree["locales"]
    ensure_translation(factories.notice_index(site_tree["home"]), en, title="Notices")
    english = ensure_translation(round_page, en, title="2025 evaluation")
    [listed] = status_texts(client.get("/en/notices/").content.decode())
    assert "Accepting evaluation materials" in listed and "left" in listed
    assert "Accepting applications" not in listed
    page = client.get(english.url).content.decode()
    assert "Accepting evaluation materials" in page and "Accepting applications" not in page


def test_a_closed_round_reads_closed(client, site_tree):
    now = timezone.now()
    factories.evaluation_round(
        site_tree["home"], opens_at=now - dt.timedelta(days=20), closes_at=now - dt.timedelta(days=1)
    )
    assert status_texts(client.get("/notices/").content.decode()) == ["状态： 已截止"]
