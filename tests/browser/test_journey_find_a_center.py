"""Journey 1: find a promotion center. From the home page, open the directory, narrow it to an area and a service,
search in Simplified Chinese and then the same words in Traditional characters, open the center and read its
rating history. Done with the mouse and with the keyboard alone, at 1280 px and at 375 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actions import Person

pytestmark = pytest.mark.browser

RARE_EARTHS = "赣州市稀土产业数字化转型促进中心"


def results(page):
    return page.locator("main ol.card-list > li")


def result_titles(page) -> list[str]:
    return [title.strip() for title in results(page).locator("h3").all_inner_texts()]


def facet(page, name: str):
    """The filter section for one facet (region, service…), whatever its heading says."""
    return page.locator(f".facets section[aria-labelledby=facet-{name}]")


def choose_filter(page, person, name: str, option: str):
    """Open the filters when they are folded (on a phone), then follow one option of a facet."""
    filters = page.locator("details.filters")
    if not facet(page, name).is_visible():
        person.activate(filters.locator("summary"))
        expect(filters).to_have_attribute("open", "")
    person.activate(facet(page, name).get_by_role("link", name=option))


@pytest.mark.parametrize("keyboard", [False, True], ids=["mouse", "keyboard"])
def test_find_a_center_by_area_service_and_words_in_either_script(page, keyboard, shoot):
    person = Person(page, keyboard=keyboard)
    page.goto("/")
    person.activate(page.get_by_role("navigation", name="主导航").get_by_role("link", name="促进中心名录"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("名录"))
    everything = results(page).count()
    assert everything >= 10

    # Narrow to 赣州市, then to one service: every result is in that area and offers that service.
    choose_filter(page, person, "region", "赣州市")
    expect(facet(page, "region").locator("a[aria-current=true]")).to_contain_text("赣州市")
    in_area = result_titles(page)
    assert RARE_EARTHS in in_area and len(in_area) < everything
    for card in results(page).all():
        expect(card.locator(".meta")).to_contain_text("赣州市")

    choose_filter(page, person, "service", "创新验证")
    expect(facet(page, "service").locator("a[aria-current=true]")).to_contain_text("创新验证")
    expect(facet(page, "region").locator("a[aria-current=true]")).to_contain_text("赣州市")
    with_service = result_titles(page)
    assert RARE_EARTHS in with_service
    assert "南康家具产业数字化转型促进中心" not in with_service  # in 赣州, but offers no innovation validation
    for card in results(page).all():
        expect(card).to_contain_text("创新验证")

    # The same words in Simplified and in Traditional characters find the same center, filters kept.
    person.fill(page.get_by_role("main").get_by_role("searchbox"), "稀土产业")
    person.activate(page.get_by_role("search").get_by_role("button"))
    expect(page.get_by_role("heading", level=2, name=re.compile("稀土产业"))).to_be_visible()
    simplified = result_titles(page)
    assert simplified[0] == RARE_EARTHS
    expect(facet(page, "region").locator("a[aria-current=true]")).to_contain_text("赣州市")

    person.fill(page.get_by_role("main").get_by_role("searchbox"), "稀土產業")
    person.activate(page.get_by_role("search").get_by_role("button"))
    expect(page.get_by_role("heading", level=2, name=re.compile("稀土產業"))).to_be_visible()
    assert result_titles(page) == simplified

    # Open the center: its page shows the rating of each evaluated year, newest first.
    person.activate(results(page).first.get_by_role("link", name=RARE_EARTHS))
    expect(page.get_by_role("heading", level=1)).to_have_text(RARE_EARTHS)
    rows = page.locator("section[aria-labelledby=ratings-heading] table tbody tr")
    expect(rows).to_have_count(2)
    years = [int(year) for year in rows.locator("th").all_inner_texts()]
    assert years == sorted(years, reverse=True)
    expect(rows.locator("td")).to_have_text(["优秀", "优秀"])
    shoot()
