"""/notices/: newest first, filters by kind, year and status in the query string, counts, pagination,
clear messages for bad input in both languages, and a query count that does not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notices.filters import PAGE_SIZE, notice_listing
from tests import factories

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]


@pytest.fixture
def home(site_tree):
    return site_tree["home"]


@pytest.fixture
def mixed(home):
    """One notice of each kind over three years."""
    today = timezone.localdate()
    center = factories.center(home)
    return {
        "application": factories.application_notice(home, title="本年度申报通知", published_on=today),
        "publicity": factories.publicity_notice(
            home, title="本年度拟认定名单公示", published_on=today - dt.timedelta(days=1)
        ),
        "old_publicity": factories.publicity_notice(
            home,
            title="往年公示",
            published_on=dt.date(2024, 9, 2),
            starts_on=dt.date(2024, 9, 2),
            ends_on=dt.date(2024, 9, 6),
        ),
        "evaluation": factories.bulletin(
            home, year=2024, ratings={center: "good"}, title="2024年度评价结果", published_on=dt.date(2025, 3, 1)
        ),
        "policy": factories.policy_notice(home, title="管理办法", published_on=dt.date(2024, 9, 26)),
    }


def titles(response) -> list[str]:
    return [n.title for n in response.context["notices"]]


def test_newest_first(client, mixed):
    assert titles(client.get("/notices/")) == [
        "本年度申报通知",
        "本年度拟认定名单公示",
        "2024年度评价结果",
        "管理办法",
        "往年公示",
    ]


def test_each_notice_shows_its_day_for_people_and_machines(client, mixed):
    """The list and the page write a day alike (`{% day %}`), and a 公示 its period, the end day included."""
    listing = client.get("/notices/").content.decode()
    assert '<time datetime="2024-09-26">2024-09-26</time>' in listing  # the policy notice
    page = client.get(mixed["old_publicity"].url).content.decode()
    assert '<time datetime="2024-09-02">2024-09-02</time> – <time datetime="2024-09-06">2024-09-06</time>' in page


def test_filter_by_kind_and_year_through_the_query_string(client, mixed):
    assert titles(client.get("/notices/?type=publicity")) == ["本年度拟认定名单公示", "往年公示"]
    assert titles(client.get("/notices/?type=publicity&year=2024")) == ["往年公示"]
    assert titles(client.get("/notices/?year=2024")) == ["管理办法", "往年公示"]


def test_filter_by_status(client, mixed):
    assert titles(client.get("/notices/?status=open")) == ["本年度申报通知", "本年度拟认定名单公示"]
    assert titles(client.get("/notices/?status=closed")) == ["往年公示"]


def test_counts_per_kind_and_year_follow_the_other_filters(client, mixed):
    response = client.get("/notices/?year=2024")
    facets = response.context["facets"]
    kinds = {o["value"]: o["count"] for o in facets["type"]}
    assert kinds == {
        "": 2,
        "application": 0,
        "publicity": 1,
        "evaluation": 0,
        "evaluation_round": 0,
        "revocation": 0,
        "policy": 1,
    }
    years = {o["value"]: o["count"] for o in facets["year"]}
    this_year = str(timezone.localdate().year)
    assert years["2024"] == 2 and years["2025"] == 1 and years[this_year] >= 2
    body = response.content.decode()
    assert 'value="2024" checked' in body
    assert "共 2 条通知公告" in body


def test_the_filter_form_works_without_javascript(client, mixed):
    body = client.get("/notices/").content.decode()
    assert '<form method="get" action="/notices/"' in body
    assert "<legend>类别</legend>" in body and 'name="type"' in body and 'name="year"' in body
    assert '公示 <span class="count">(2)</span>' in body


def test_bad_filter_values_are_explained_beside_the_field_and_in_the_summary(client, site_tree, mixed):
    from home.demo import ensure_translation

    ensure_translation(factories.notice_index(site_tree["home"]), site_tree["locales"][1], title="Notices")
    body = client.get("/notices/?type=bogus&year=20x5").content.decode()
    assert 'class="error-summary"' in body
    assert body.count("请从所列类别中选择。") == 2  # summary + beside the field
    assert body.count("请输入四位数年份，例如 2025。") == 2
    # The bad filters are ignored, the listing still answers.
    assert "共 5 条通知公告" in body
    english = client.get("/en/notices/?year=20x5").content.decode()
    assert "Enter a year as four digits, e.g. 2025." in english


def test_listing_is_paginated_and_keeps_the_filters(client, home):
    for i in range(PAGE_SIZE + 3):
        factories.policy_notice(home, title=f"政策文件{i:02d}", published_on=dt.date(2025, 1, 1) + dt.timedelta(days=i))
    first = client.get("/notices/?type=policy")
    assert len(first.context["notices"]) == PAGE_SIZE
    body = first.content.decode()
    assert 'href="?type=policy&amp;page=2"' in body
    second = client.get("/notices/?type=policy&page=2")
    assert titles(second) == ["政策文件02", "政策文件01", "政策文件00"]


def test_english_listing_shows_english_notices(client, site_tree, mixed):
    from home.demo import ensure_translation

    zh, en = site_tree["locales"]
    index = factories.notice_index(site_tree["home"])
    ensure_translation(index, en, title="Notices")
    ensure_translation(mixed["policy"], en, title="Management measures")
    response = client.get("/en/notices/")
    assert titles(response) == ["Management measures"]
    assert "1 notice" in response.content.decode()
    assert "Policy document" in response.content.decode()


def _listing_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_number_of_notices(client, home):
    center = factories.center(home)

    def add_batch(n):
        for i in range(n):
            factories.application_notice(home, title=f"申报通知{i}")
            factories.publicity_notice(home, title=f"公示{i}")
            factories.policy_notice(home, title=f"政策{i}")
            factories.bulletin(home, year=2000 + i, ratings={center: "good"}, title=f"评价{i}")

    add_batch(2)
    client.get("/notices/")  # warm the per-process caches (content types, site root) first
    small = _listing_queries(client, "/notices/")
    small_filtered = _listing_queries(client, "/notices/?type=publicity&status=open")
    add_batch(6)
    assert _listing_queries(client, "/notices/") == small
    assert _listing_queries(client, "/notices/?type=publicity&status=open") == small_filtered


def test_on_the_same_date_the_later_notice_comes_first(client, home):
    day = dt.date(2025, 6, 3)
    first = factories.policy_notice(home, title="先发的通知", published_on=day)
    second = factories.policy_notice(home, title="后发的通知", published_on=day)
    assert second.pk > first.pk
    assert titles(client.get("/notices/?year=2025")) == ["后发的通知", "先发的通知"]


def test_status_counts_kept_per_process_still_follow_a_window_as_it_closes(settings, rf, home):
    """The listing's counts are kept per process (as in production) until something changes, and a window
    closing is such a change even when nobody edits anything: the application counted open before its
    closing minute is counted closed after it."""
    settings.PAGE_MEMO_ENABLED = True
    closes_at = timezone.now() + dt.timedelta(days=2)
    factories.application_notice(home, title="本年度申报通知", closes_at=closes_at)
    index = factories.notice_index(home)

    def status_counts(at):
        facets = notice_listing(index, rf.get("/notices/"), at=at)["facets"]
        return {option["value"]: option["count"] for option in facets["status"]}

    before = status_counts(closes_at - dt.timedelta(minutes=1))
    assert before["open"] == 1 and before["closed"] == 0
    assert status_counts(closes_at - dt.timedelta(seconds=30)) == before  # kept: nothing changed
    after = status_counts(closes_at + dt.timedelta(minutes=1))
    assert after["open"] == 0 and after["closed"] == 1
