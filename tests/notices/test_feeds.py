"""RSS 2.0 at /notices/feed/ and Atom at /notices/feed/atom/, parsed by a real feed parser; the filtered
feed holds only its kind; the English feed lists English pages."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(site_tree):
    home = site_tree["home"]
    today = timezone.localdate()
    return [
        factories.application_notice(home, title="申报通知", published_on=today, summary="申报窗口已开放。"),
        factories.publicity_notice(home, title="拟认定名单公示", published_on=today - dt.timedelta(days=1)),
        factories.publicity_notice(
            home,
            title="往年公示",
            published_on=dt.date(2024, 9, 2),
            starts_on=dt.date(2024, 9, 2),
            ends_on=dt.date(2024, 9, 6),
        ),
        factories.policy_notice(home, title="管理办法", published_on=dt.date(2024, 9, 26)),
    ]


def test_rss_feed_parses_and_lists_notices_newest_first(client, notices):
    response = client.get("/notices/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert feed.feed.language == "zh-hans"
    assert [e.title for e in feed.entries] == ["申报通知", "拟认定名单公示", "管理办法", "往年公示"]
    first = feed.entries[0]
    assert first.link == "http://testserver/notices/" + notices[0].slug + "/"
    assert "申报中" in first.summary and "申报窗口已开放。" in first.summary
    assert first.tags[0].term == "申报通知"


def test_filtered_feed_holds_only_its_kind(client, notices):
    feed = feedparser.parse(client.get("/notices/feed/?type=publicity").content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["拟认定名单公示", "往年公示"]
    assert {e.tags[0].term for e in feed.entries} == {"公示"}
    assert "公示" in feed.feed.title
    narrowed = feedparser.parse(client.get("/notices/feed/?type=publicity&year=2024").content)
    assert [e.title for e in narrowed.entries] == ["往年公示"]


def test_atom_feed_parses_with_the_same_filters(client, notices):
    response = client.get("/notices/feed/atom/?type=policy")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == ["管理办法"]


def test_english_feed_lists_the_english_pages(client, site_tree, notices):
    from home.demo import ensure_translation

    en = site_tree["locales"][1]
    ensure_translation(factories.notice_index(site_tree["home"]), en, title="Notices")
    ensure_translation(notices[3], en, title="Management measures")
    feed = feedparser.parse(client.get("/en/notices/feed/").content)
    assert feed.feed.language == "en"
    assert [e.title for e in feed.entries] == ["Management measures"]
    assert feed.entries[0].link.startswith("http://testserver/en/notices/")


def test_listing_advertises_its_filtered_feed(client, notices):
    body = client.get("/notices/?type=publicity").content.decode()
    assert 'href="/notices/feed/?type=publicity"' in body
    assert 'type="application/rss+xml"' in body
