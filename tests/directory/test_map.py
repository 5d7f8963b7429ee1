"""The map of Jiangxi's cities (issue 19): on the directory and at /centers/map/, its numbers are the
directory's facet counts, each city is a link that filters the directory to it, 赣江新区 is a point, it
works in English, and it costs a fixed number of queries."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from directory import demo
from directory.map import map_shapes
from directory.models import CenterKind, CenterPage
from directory.services import center_set_status
from tests import factories as f

CITY_LINK = re.compile(
    r'<a href="([^"]+)" aria-label="([^"]+)" class="city-map__(?:city|point)[^"]*" data-area="([a-z]+)"'
)


@pytest.fixture
def demo_directory(site_tree):
    """The demo's areas, centers and events (directory.demo), as a newcomer sees them."""
    context = dict(site_tree)
    demo.load(context)
    return f.directory_page(site_tree["home"])


def city_links(html: str) -> dict[str, tuple[str, str]]:
    """area slug → (href, accessible name) of every city link on the map."""
    return {slug: (unescape(href), unescape(label)) for href, label, slug in CITY_LINK.findall(html)}


def facet_counts(client, url: str) -> dict[str, int]:
    """The directory's "Area" facet as shown: area name → count."""
    html = client.get(url).content.decode()
    facet = html.split('id="facet-region"', 1)[1].split("</section>", 1)[0]
    return {unescape(name): int(n) for name, n in re.findall(r">([^<>]+)</a> <span class=\"count\">\((\d+)\)", facet)}


def result_count(client, url: str) -> int:
    html = client.get(url).content.decode()
    return int(re.search(r'id="results-heading"[^>]*>[^<\d]*(\d+)', html).group(1))


def test_the_committed_svg_has_the_eleven_cities_and_the_new_area_point():
    view_box, cities, point = map_shapes()
    assert view_box.startswith("0 0 400 ")
    assert {c.slug for c in cities} == {
        "nanchang", "jingdezhen", "pingxiang", "jiujiang", "xinyu", "yingtan",
        "ganzhou", "jian", "yichun", "fuzhou", "shangrao",
    }  # fmt: skip
    assert point.slug == "ganjiang"
    from directory.map import SVG_FILE

    text = SVG_FILE.read_text(encoding="utf-8")
    assert "cnmaps" in text and "MIT" in text and "BSD-3-Clause" in text
    assert SVG_FILE.stat().st_size < 60_000


def test_on_the_demo_data_the_maps_equal_the_directory_facets_and_their_links_filter_it(client, demo_directory):
    """One test over the demo data (loading it takes a while): the map page for all centers and for each
    kind, the directory's own map, and the English map."""
    page = demo_directory
    html = client.get(f"{page.url}map/").content.decode()
    links = city_links(html)
    assert len(links) == 12
    facets = facet_counts(client, page.url)
    for slug, (href, label) in links.items():
        name, count = re.fullmatch(r"(.+)：(\d+) 个促进中心", label).groups()
        assert facets.get(name, 0) == int(count), slug
        # Following the link shows exactly that many centers.
        assert href == f"{page.url}?region={slug}"
        assert result_count(client, href) == int(count)
    nanchang = CenterPage.objects.live().filter(locale=page.locale, area__slug="nanchang").exclude(status="revoked")
    assert links["nanchang"][1] == f"南昌市：{nanchang.count()} 个促进中心"
    assert "赣江新区" in links["ganjiang"][1]

    for kind in CenterKind.values:
        html = client.get(f"{page.url}map/?map={kind}").content.decode()
        assert f'href="?map={kind}" aria-current="true"' in html
        facets = facet_counts(client, f"{page.url}?kind={kind}")
        for slug, (href, label) in city_links(html).items():
            count = int(re.search(r"(\d+) 个促进中心", label).group(1))
            assert href == f"{page.url}?region={slug}&kind={kind}"
            assert result_count(client, href) == count
            assert facets.get(label.split("：")[0], 0) == count

        # The directory's own map is its "Area" facet with the other filters kept.
        html = client.get(f"{page.url}?kind={kind}").content.decode()
        assert 'id="directory-map"' in html
        for slug, (href, label) in city_links(html).items():
            name, count = re.fullmatch(r"(.+)：(\d+) 个促进中心", label).groups()
            assert facets.get(name, 0) == int(count)
            assert href == f"?kind={kind}&region={slug}"

    en_page = page.get_translation(Locale.objects.get(language_code="en"))
    html = client.get(f"{en_page.url}map/").content.decode()
    assert "Map of centers" in html
    en_links = city_links(html)
    assert re.fullmatch(r"Nanchang: \d+ centers?", en_links["nanchang"][1])
    assert en_links["nanchang"][0] == f"{en_page.url}?region=nanchang"


def test_a_revoked_center_leaves_the_map_as_it_leaves_the_directory(client, site_tree):
    home = site_tree["home"]
    page = f.directory_page(home)
    ganzhou = f.area("ganzhou", "赣州市")
    first = f.center(page, area=ganzhou)
    f.center(page, area=ganzhou, kind=CenterKind.REGIONAL)
    assert city_links(client.get(f"{page.url}map/").content.decode())["ganzhou"][1] == "赣州市：2 个促进中心"
    center_set_status(center=first, status="revoked", on=dt.date(2025, 1, 1))
    html = client.get(f"{page.url}map/").content.decode()
    assert city_links(html)["ganzhou"][1] == "赣州市：1 个促进中心"
    assert result_count(client, f"{page.url}?region=ganzhou") == 1


def test_the_map_costs_a_fixed_number_of_queries(client, site_tree):
    page = f.directory_page(site_tree["home"])
    f.center(page, area=f.area("ganzhou", "赣州市"))
    client.get(f"{page.url}map/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"{page.url}map/")
    for slug, name in (("nanchang", "南昌市"), ("fuzhou", "抚州市"), ("jian", "吉安市")):
        for kind in CenterKind.values:
            f.center(page, area=f.area(slug, name), kind=kind)
    with CaptureQueriesContext(connection) as many:
        client.get(f"{page.url}map/")
    assert len(many) == len(few)
