"""The figures page (数据统计, /figures/, issue 19): its numbers equal the directory's facet counts and the
公示 pages' counts, ratings appear when a bulletin is published, every section has a table and a CSV, it
reads in English, and its queries do not grow with the number of centers."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from directory.models import CenterKind, Rating
from home.models import FiguresPage
from submissions.states import ObjectionState
from tests import factories as f


@pytest.fixture
def figures(site_tree):
    return FiguresPage.objects.get(locale__language_code="zh-hans")


def table(html: str, key: str) -> dict[str, list[int]]:
    """A section's data table as shown: row label → numbers."""
    section = html.split(f'id="figure-{key}"', 1)[1].split("</section>", 1)[0]
    if "<tbody>" not in section:
        return {}
    body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for label, cells in re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', body):
        rows[unescape(label)] = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', cells)]
    return rows


def facet(client, url: str, name: str) -> dict[str, int]:
    html = client.get(url).content.decode()
    part = html.split(f'id="facet-{name}"', 1)[1].split("</section>", 1)[0]
    return {unescape(k): int(n) for k, n in re.findall(r">([^<>]+)</a> <span class=\"count\">\((\d+)\)", part)}


def test_centers_equal_the_directory_facets_and_ratings_follow_a_published_bulletin(client, figures, site_tree):
    home = site_tree["home"]
    directory = f.directory_page(home)
    ganzhou, nanchang = f.area("ganzhou", "赣州市"), f.area()
    a = f.center(directory, area=ganzhou, kind=CenterKind.REGIONAL)
    b = f.center(directory, area=ganzhou)
    f.center(directory, area=nanchang)

    html = client.get(figures.url).content.decode()
    by_kind = table(html, "centers-by-kind")
    kinds = facet(client, directory.url, "kind")
    assert by_kind == {"区域型": [kinds["区域型"]], "行业型": [kinds["行业型"]]}
    by_city = table(html, "centers-by-city")
    regions = facet(client, directory.url, "region")
    assert {city: sum(values) for city, values in by_city.items() if sum(values)} == regions
    assert by_city["赣州市"] == [1, 1]
    assert table(html, "ratings-by-year") == {}

    f.bulletin(home, year=2024, ratings={a: Rating.EXCELLENT, b: Rating.FAIL})
    html = client.get(figures.url).content.decode()
    assert table(html, "ratings-by-year") == {"2024": [1, 0, 0, 1]}
    assert "优秀" in html and "不合格" in html

    csv = client.get(f"{figures.url}ratings-by-year.csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[1] == "2024,1,0,0,1"
    assert client.get(f"{figures.url}no-such-section.csv").status_code == 404


def test_applications_and_objections_equal_the_notice_pages_counts(client, figures, world):
    f.objection(world.publicity, state=ObjectionState.UPHELD)
    f.objection(world.publicity, state=ObjectionState.DISMISSED)
    html = client.get(figures.url).content.decode()
    apps = table(html, "applications-by-round")
    assert apps == {str(world.round.round_year): [3, 0, 0]}  # the draft is not counted
    objections = table(html, "objections-by-publicity")
    assert objections == {world.publicity.period_starts_on.isoformat(): [3, 1, 1]}
    # The 公示 page shows the same counts.
    publicity_html = client.get(world.publicity.url).content.decode()
    assert "3" in publicity_html and "异议成立" in publicity_html


def test_two_rounds_of_one_year_are_told_apart_by_the_day_they_opened(client, figures, world):
    year = world.round.round_year
    first_opened = timezone.localdate(world.round.window_opens_at)
    opens_at = world.round.window_opens_at + dt.timedelta(days=90)
    second = f.application_notice(
        world.home, round_year=year, opens_at=opens_at, closes_at=opens_at + dt.timedelta(days=10)
    )
    second_opened = timezone.localdate(second.window_opens_at)
    apps = table(client.get(figures.url).content.decode(), "applications-by-round")
    assert apps == {f"{year}（{first_opened} 开始受理）": [3, 0, 0], f"{year}（{second_opened} 开始受理）": [0, 0, 0]}


def test_the_figures_page_in_english_and_in_the_footer(client, site_tree):
    en = Locale.objects.get(language_code="en")
    page = FiguresPage.objects.get(locale=en)
    html = client.get(page.url).content.decode()
    assert "<h1>Figures</h1>" in html
    assert "Applications per round" in html and "Evaluation ratings by year" in html
    assert 'href="/en/figures/"' in html and 'href="/en/centers/map/"' in html
    zh_html = client.get("/").content.decode()
    assert ">数据统计</a>" in zh_html and ">促进中心分布图</a>" in zh_html


def test_the_figures_page_costs_a_fixed_number_of_queries(client, figures, site_tree):
    """More centers, more rounds and more 公示 over the years: the same number of queries."""
    home = site_tree["home"]
    directory = f.directory_page(home)
    f.center(directory, area=f.area("ganzhou", "赣州市"))
    f.application_notice(home, round_year=2024)
    f.objection(f.publicity_notice(home))
    client.get(figures.url)
    with CaptureQueriesContext(connection) as few:
        client.get(figures.url)
    for slug, name in (("nanchang", "南昌市"), ("fuzhou", "抚州市")):
        for kind in CenterKind.values:
            f.center(directory, area=f.area(slug, name), kind=kind)
    for year in (2025, 2026):
        f.application_notice(home, round_year=year)
    for days_ago in (400, 30):
        start = dt.date.today() - dt.timedelta(days=days_ago)
        f.objection(f.publicity_notice(home, starts_on=start, ends_on=start + dt.timedelta(days=7)))
    with CaptureQueriesContext(connection) as many:
        html = client.get(figures.url).content.decode()
    assert len(table(html, "applications-by-round")) == 3 and len(table(html, "objections-by-publicity")) == 3
    assert len(many) == len(few)
