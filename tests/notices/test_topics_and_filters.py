"""A notice knows its areas and industries — from its entries (a 公示's entries, a bulletin's rated centers,
a revocation's center) or set by the editor — and the listing and both feeds filter by them (?area= or
?region=, ?industry=), alongside the other filters."""

import feedparser
import pytest

from notices.models import PublicityEntry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def topical(site_tree):
    home = site_tree["home"]
    ganzhou = factories.area("ganzhou", "赣州市")
    nanchang = factories.area("nanchang", "南昌市")
    rare_earth = factories.industry("rare-earth", "稀土")
    electronics = factories.industry("electronics", "电子信息")
    gz_center = factories.center(home, "赣州稀土促进中心", area=ganzhou, industries=[rare_earth])
    nc_center = factories.center(home, "南昌电子促进中心", area=nanchang, industries=[electronics])
    publicity_gz = factories.publicity_notice(
        home,
        title="赣州公示",
        entries=[PublicityEntry(proposed_name="赣州拟认定中心", area=ganzhou, industry=rare_earth, sort_order=1)],
    )
    publicity_nc_center = factories.publicity_notice(
        home, title="南昌公示", entries=[PublicityEntry(center=nc_center, sort_order=1)]
    )
    bulletin = factories.bulletin(home, year=2025, ratings={gz_center: "good"}, title="2025年度评价通报")
    revocation = factories.revocation(home, center=nc_center, title="撤销南昌中心")
    policy = factories.policy_notice(home, title="省级政策")
    tagged = factories.policy_notice(home, title="赣州专项政策")
    tagged.areas.set([ganzhou])
    tagged.industries.set([electronics])
    tagged.save_revision().publish()
    return {
        "publicity_gz": publicity_gz,
        "publicity_nc": publicity_nc_center,
        "bulletin": bulletin,
        "revocation": revocation,
        "policy": policy,
        "tagged": tagged,
    }


def test_a_notice_knows_its_areas_and_industries_from_entries_or_the_editor(topical):
    assert topical["publicity_gz"].topics.area_slugs == {"ganzhou"}
    assert topical["publicity_gz"].topics.industry_slugs == {"rare-earth"}
    assert topical["publicity_nc"].topics.area_slugs == {"nanchang"}
    assert topical["publicity_nc"].topics.industry_slugs == {"electronics"}
    assert topical["bulletin"].topics.area_slugs == {"ganzhou"}
    assert topical["revocation"].topics.industry_slugs == {"electronics"}
    assert topical["tagged"].topics.area_slugs == {"ganzhou"}
    assert not topical["policy"].topics.area_slugs


def test_the_notice_page_names_its_areas(client, topical):
    body = client.get(topical["publicity_gz"].url).content.decode()
    assert "赣州市" in body and "稀土" in body


def titles(feed):
    return {entry.title for entry in feed.entries}


@pytest.mark.parametrize("feed_path", ["/notices/feed/", "/notices/feed/atom/"])
def test_both_feeds_filter_by_area_and_industry(client, topical, feed_path):
    feed = feedparser.parse(client.get(feed_path + "?area=ganzhou").content)
    assert not feed.bozo, feed.bozo_exception
    assert titles(feed) == {"赣州公示", "2025年度评价通报", "赣州专项政策"}
    assert titles(feedparser.parse(client.get(feed_path + "?region=nanchang").content)) == {"南昌公示", "撤销南昌中心"}
    assert titles(feedparser.parse(client.get(feed_path + "?industry=electronics").content)) == {
        "南昌公示",
        "撤销南昌中心",
        "赣州专项政策",
    }
    combined = feedparser.parse(client.get(feed_path + "?area=ganzhou&industry=rare-earth&type=publicity").content)
    assert titles(combined) == {"赣州公示"}


def test_listing_filters_by_area_and_offers_the_filtered_feed_and_alerts(client, topical):
    body = client.get("/notices/?area=ganzhou&type=publicity").content.decode()
    assert "赣州公示" in body and "南昌公示" not in body and "赣州专项政策" not in body
    assert "feed/?area=ganzhou&amp;type=publicity" in body
    assert "/subscribe/?area=ganzhou&amp;type=publicity" in body


def test_an_unknown_area_is_said_beside_the_filter_not_a_500(client, topical):
    response = client.get("/notices/?area=atlantis")
    assert response.status_code == 200
    body = response.content.decode()
    assert "请从所列地区中选择。" in body and 'href="#filter-area"' in body


def test_the_editor_ticks_areas_and_industries_on_the_notice(client, site_tree, topical):
    from django.urls import reverse
    from django.utils import timezone
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    from notices.models import PolicyNotice

    en = site_tree["locales"][1]
    factories.translate(factories.area("ganzhou", "赣州市"), en, name="Ganzhou")
    client.force_login(site_tree["users"]["admin"])
    index = factories.notice_index(site_tree["home"])
    add_url = reverse("wagtailadmin_pages:add", args=("notices", "policynotice", index.pk))
    form_page = client.get(add_url).content.decode()
    assert "赣州市" in form_page and "Ganzhou" not in form_page  # the default language's areas only
    ganzhou = factories.area("ganzhou", "赣州市")
    today = timezone.localdate().isoformat()
    data = nested_form_data(
        {
            "title": "赣州市数字化转型专项通知",
            "slug": "ganzhou-special",
            "published_on": today,
            "issuing_units": "江西省工业和信息化厅",
            "in_force_from": today,
            "body": streamfield([("paragraph", rich_text("<p>正文。</p>"))]),
            "attachments": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    data["areas"] = [str(ganzhou.pk)]  # a multiple choice, which nested_form_data would number
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PolicyNotice.objects.get(slug="ganzhou-special")
    assert page.live and page.topics.area_slugs == {"ganzhou"}
    client.logout()
    assert "赣州市数字化转型专项通知" in client.get("/notices/?area=ganzhou").content.decode()
