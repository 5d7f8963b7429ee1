"""A center's page: rating history, status with date and cause, services with what it provides,
contacts, former names, management unit (Art. 11), and a fixed number of queries."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import services
from directory.models import CenterKind, CenterPage, CenterRating, CenterStatus
from directory.rules import management_unit_for, pinyin_sort_key
from tests import factories as f


@pytest.fixture
def center(site_tree):
    directory = f.directory_page(site_tree["home"])
    area = f.AreaFactory(slug="ganzhou", name="赣州市")
    diagnosis = f.ServiceFactory(slug="diagnosis", name="诊断咨询")
    page = f.center(
        directory,
        "赣州市数字化转型促进中心",
        area=area,
        kind=CenterKind.REGIONAL,
        industries=[f.industry("rare-earths", "稀土"), f.industry("electronics", "电子信息")],
        services=[(diagnosis, "两周内出具诊断报告")],
        former_names=["赣州市数字化服务中心"],
        slug="ganzhou",
        address="赣州市章贡区长征大道31号",
        phone="0797-8700007",
        email="service@ganzhou.example",
    )
    services.center_record_rating(center=page, year=2024, rating="good")
    services.center_record_rating(center=page, year=2025, rating="excellent")
    return page


@pytest.mark.django_db
def test_center_page_shows_what_a_visitor_needs(client, center):
    body = client.get("/centers/ganzhou/").content.decode()
    assert body.count("<h1") == 1
    assert "赣州市数字化转型促进中心" in body
    assert "诊断咨询" in body and "两周内出具诊断报告" in body
    assert body.index("2025") < body.index("2024")  # newest rating first
    assert "优秀" in body and "良好" in body
    assert "赣州市章贡区长征大道31号" in body and 'href="tel:0797-8700007"' in body
    assert "赣州市数字化服务中心" in body  # former name
    assert "赣州市工业和信息化局" in body  # management unit filled in (Art. 11)


@pytest.mark.django_db
def test_the_title_wraps_only_between_words(client, center):
    """On a phone the title breaks between words (赣州市 / 数字化 / 转型 / 促进中心), never inside one (促 / 进中心)."""
    page = BeautifulSoup(client.get("/centers/ganzhou/").content, "html.parser")
    heading = page.find("h1")
    assert heading.get_text() == "赣州市数字化转型促进中心"
    assert [str(part) for part in heading.contents if isinstance(part, str)] == ["赣州市", "数字化", "转型", "促进中心"]


@pytest.mark.django_db
def test_revoked_center_shows_date_and_cause(client, center):
    services.center_mark_revoked(center=center, cause="two_fails", effective_on=dt.date(2026, 3, 1))
    body = client.get("/centers/ganzhou/").content.decode()
    assert "已撤销" in body
    assert "2026-03-01" in body
    assert "（一）连续两次评价不合格" in body


@pytest.mark.django_db
def test_center_page_queries_do_not_grow_with_its_history(client, center):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/centers/ganzhou/").status_code == 200
        return len(queries)

    count()
    before = count()
    for year in range(2015, 2024):
        services.center_record_rating(center=center, year=year, rating="pass")
    index = f.events_page(center.get_parent().get_parent())
    for n in range(4):
        f.event(index, f"对接会{n}", organisers=[center])
    assert count() == before


def test_management_unit_rule_art_11():
    class Area:
        bureau_name = "赣江新区经发局"

    assert management_unit_for(kind=CenterKind.REGIONAL, area=Area()) == "赣江新区经发局"
    assert management_unit_for(kind=CenterKind.REGIONAL, area=Area(), recommended_by="某协会") == "赣江新区经发局"
    assert (
        management_unit_for(kind=CenterKind.INDUSTRY, area=Area(), recommended_by="江西省稀土行业协会")
        == "江西省稀土行业协会"
    )
    assert management_unit_for(kind=CenterKind.INDUSTRY, area=Area()) == ""
    assert management_unit_for(kind=CenterKind.REGIONAL, area=None) == ""


def test_pinyin_sort_key_orders_chinese_names_by_pinyin():
    names = ["南昌市", "赣州市", "抚州市", "吉安市", "Abc"]
    assert sorted(names, key=pinyin_sort_key) == ["Abc", "抚州市", "赣州市", "吉安市", "南昌市"]


@pytest.mark.django_db
def test_ratings_and_status_reach_every_language_version(center, site_tree):
    from home.demo import ensure_translation

    _zh, en = site_tree["locales"]
    ensure_translation(center.get_parent().specific, en, title="Center directory")
    english = ensure_translation(center, en, title="Ganzhou Digital Transformation Promotion Center")
    services.center_record_rating(center=center, year=2025, rating="fail")  # a corrected bulletin replaces
    assert CenterRating.objects.filter(center_key=center.translation_key, year=2025).get().rating == "fail"
    english = CenterPage.objects.get(pk=english.pk)
    assert (english.latest_rating, english.latest_rating_year) == ("fail", 2025)
    services.center_mark_revoked(center=english, cause="closure", effective_on=dt.date(2026, 1, 5))
    for version in CenterPage.objects.filter(translation_key=center.translation_key):
        assert version.status == CenterStatus.REVOKED and version.revocation_cause == "closure"
    services.center_remove_rating(center=center, year=2025)
    assert CenterPage.objects.get(pk=center.pk).latest_rating_year == 2024
