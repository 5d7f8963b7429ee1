"""What issue 16 asks of the public pages' markup: the directory's filters in a disclosure that says how many are
in use, event cards with organisers, places and deadline and no stray separator when a field is empty, the chosen
"upcoming / past" marked, full-width punctuation in Chinese labels, the 公示 list labelled cell by cell."""

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def ganzhou_centers(site_tree):
    directory = f.directory_page(site_tree["home"])
    ganzhou = f.AreaFactory(slug="ganzhou", name="赣州市")
    rare = f.IndustryFactory(slug="rare-earths", name="稀土")
    return [
        f.center(directory, "赣州市稀土产业数字化转型促进中心", area=ganzhou, industries=[rare], slug="rare"),
        f.center(directory, "南康家具产业数字化转型促进中心", area=ganzhou, slug="nankang"),
    ]


def test_directory_filters_fold_into_a_disclosure_above_the_results_saying_how_many_are_in_use(client, ganzhou_centers):
    page = soup(client.get("/centers/"))
    filters = page.select_one("details.filters")
    assert filters is not None and not filters.has_attr("open"), "the filters start folded on a phone"
    assert filters.select_one("summary").get_text(" ", strip=True) == "筛选 （未选）"
    assert filters.select_one("nav.facets section[aria-labelledby=facet-region]") is not None
    # The search hint sits above the field, which shares its row only with the button.
    form = page.select_one("form.search-box")
    assert [el.name for el in form.find_all(["p", "input"], recursive=True) if el.get("type") != "hidden"][:2] == [
        "p",
        "input",
    ]

    page = soup(client.get("/centers/?region=ganzhou&kind=industry"))
    assert page.select_one("details.filters summary").get_text(" ", strip=True) == "筛选 （已选 2 项）"
    removals = [a.get_text(strip=True) for a in page.select(".active-filters a")]
    assert "去掉 地区：赣州市" in removals, removals  # full-width colon between a Chinese label and its value


def test_a_bad_filter_opens_the_disclosure_so_its_message_is_seen(client, ganzhou_centers):
    page = soup(client.get("/centers/?kind=nonsense"))
    assert page.select_one("details.filters").has_attr("open")
    assert page.select_one("details.filters .field__error") is not None


def test_center_cards_use_full_width_colons_and_leave_out_empty_lines(client, ganzhou_centers):
    page = soup(client.get("/centers/"))
    card = next(c for c in page.select("ol.card-list > li") if "稀土产业" in c.get_text())
    text = card.get_text(" ", strip=True)
    assert "行业：稀土" in text
    assert "服务：" not in text, "a center without services has no empty 'Services:' line"
    assert not re.search(r"[\u4e00-\u9fff]: ", text)


@pytest.fixture
def events(site_tree, ganzhou_centers):
    index = f.events_page(site_tree["home"])
    now = timezone.now()
    return {
        "full": f.event(
            index,
            "稀土产业链供需对接会",
            starts_at=now + dt.timedelta(days=5),
            organisers=ganzhou_centers,
            capacity=120,
            registration_deadline=now + dt.timedelta(days=3),
            slug="full",
        ),
        "bare": f.event(index, "航空制造供需对接会", starts_at=now + dt.timedelta(days=9), slug="bare"),
    }


def test_event_cards_show_organisers_places_and_deadline_and_no_stray_separator(client, events):
    page = soup(client.get("/events/"))
    cards = {card.select_one("h3").get_text(strip=True): card for card in page.select("ul.card-list > li.card")}
    full = cards["稀土产业链供需对接会"].get_text(" ", strip=True)
    assert "主办单位：" in full
    assert [a.get_text() for a in cards["稀土产业链供需对接会"].select("p a")][:2] == [
        "赣州市稀土产业数字化转型促进中心",
        "南康家具产业数字化转型促进中心",
    ]
    assert "120 个名额" in full
    assert "报名截止：" in full
    bare = cards["航空制造供需对接会"]
    # The facts are list items: the dots between them are drawn by CSS, so an absent fact leaves none behind.
    assert "·" not in bare.get_text()
    assert all(li.get_text(strip=True) for li in bare.select("ul.facts li"))
    assert "名额" not in bare.get_text() and "主办单位" not in bare.get_text()


def test_the_chosen_upcoming_or_past_tab_is_marked_current(client, events):
    page = soup(client.get("/events/?when=past"))
    current = page.select(".tabs a[aria-current=page]")
    assert [a.get_text(strip=True) for a in current] == ["已结束"]
    page = soup(client.get("/events/"))
    assert [a.get_text(strip=True) for a in page.select(".tabs a[aria-current=page]")] == ["即将举行"]


def test_event_page_lays_out_its_facts_and_shows_its_industries(client, events, ganzhou_centers):
    rare = ganzhou_centers[0].industry_links.first().industry
    events["full"].industry_links.create(industry=rare)
    page = soup(client.get(events["full"].url))
    facts = page.select_one("main dl.summary")
    assert facts is not None, "the event's facts use the site's definition-list layout"
    text = facts.get_text(" ", strip=True)
    assert "稀土" in text
    assert "名额 120 个" in text  # the label, then the number: not "名额 名额 120 个"
    assert "名额 名额" not in text
    assert "（北京时间）" in text


def test_center_page_sections_use_the_site_layout_and_full_width_brackets(client, ganzhou_centers):
    page = soup(client.get(ganzhou_centers[0].url))
    assert page.select("main dl.summary"), "units and contacts use the site's layout, not a browser-default <dl>"
    assert not page.select("main dl:not([class])")
    units = page.select_one("section[aria-labelledby=units-heading]").get_text(" ", strip=True)
    assert "统一社会信用代码：" in units
    assert "(" not in units
