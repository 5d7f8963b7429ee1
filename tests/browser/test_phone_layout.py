"""Issue 16, looks and mobile: the directory on a phone (results first, filters folded behind a disclosure that
opens without script and says how many are in use), tables readable at 375 px, nothing wider than the screen;
and screenshots of the main pages at both widths in both languages for people to look at.

Each test runs at 1280 px and at 375 px (the `width` fixture)."""

import pytest
from playwright.sync_api import expect

from directory.models import CenterPage
from tests.browser import pages
from tests.browser.conftest import ARTIFACTS

# These tests only look at pages: one browser profile per width serves them all (tests/browser/conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.kept_profile]

FILTERED = "/centers/?region=ganzhou&kind=industry"


def box(locator):
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not on the page"
    return found


def test_directory_on_a_phone_shows_results_first_and_folds_the_filters(page, width, shoot):
    page.goto(FILTERED)
    filters = page.locator("details.filters")
    summary = filters.locator("summary")
    region = page.locator(".facets section[aria-labelledby=facet-region]")
    results = page.locator("main ol.card-list > li")
    expect(results.first).to_be_visible()
    expect(summary).to_contain_text("已选 2 项")

    # The hint is above the search field, which keeps most of the row (the button beside it).
    hint, field = box(page.locator("#id_q_hint")), box(page.locator("#id_q"))
    form = box(page.locator("form.search-box"))
    assert hint["y"] + hint["height"] <= field["y"] + 1
    assert field["width"] >= 0.6 * form["width"] - 80
    # The sort control is as wide as its longest choice, not squeezed and not the whole screen on a laptop.
    sort = box(page.locator("#id_sort"))
    assert 120 <= sort["width"] <= min(width, 400)

    if width < 600:
        # On a phone: the filters are one line, folded; the count of results is on the first screen and the
        # first result starts there too (below the filters in use, as removable chips).
        expect(filters).not_to_have_attribute("open", "")
        expect(region).to_be_hidden()
        assert box(summary)["height"] <= 80
        screen = page.viewport_size["height"]
        assert box(page.locator("#results-heading"))["y"] < screen * 0.85
        assert box(results.first)["y"] < screen * 1.25
        shoot("folded")
        summary.click()
        expect(region).to_be_visible()
        expect(region.locator("a[aria-current=true]")).to_contain_text("赣州市")
        shoot("open")
    else:
        # On a laptop: the filters stay open in a sidebar to the left of the results.
        expect(region).to_be_visible()
        assert box(region)["x"] + box(region)["width"] <= box(results.first)["x"]
        shoot()


def test_site_search_button_sits_beside_the_box(page, width):
    """The site search's box and button share one row, level with each other, below the label and hint (the
    button once sat below the box's line, pushed down by the field's margin)."""
    page.goto("/search/?q=稀土")
    field, button = box(page.locator("#search-q")), box(page.locator("form.search-box button"))
    hint = box(page.locator("#search-q-hint"))
    assert hint["y"] + hint["height"] <= field["y"] + 1
    assert abs(field["y"] - button["y"]) <= 2 and abs(field["height"] - button["height"]) <= 4
    assert button["x"] >= field["x"] + field["width"]  # beside, not below
    assert field["width"] >= 0.5 * min(width, 700)


def test_directory_disclosure_works_from_the_keyboard(page, width):
    page.goto("/centers/")
    summary = page.locator("details.filters summary")
    expect(summary).to_contain_text("未选")
    if width >= 600:
        expect(page.locator(".facets")).to_be_visible()
        return
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("details.filters")).to_have_attribute("open", "")
    expect(page.locator(".facets section").first).to_be_visible()


NARROW_CELLS = """
() => [...document.querySelectorAll('main table')].flatMap(table => {
  const scroller = table.closest('.table-wrap');
  const scrolls = scroller && getComputedStyle(scroller).overflowX === 'auto'
                  && scroller.scrollWidth > scroller.clientWidth;
  // Cells a person sees: not the visually hidden header row of a table stacked into cards.
  return [...table.querySelectorAll('th, td')].filter(cell => cell.getBoundingClientRect().width > 1)
    .map(cell => ({text: cell.textContent.trim().slice(0, 20), width: cell.getBoundingClientRect().width,
                   em: parseFloat(getComputedStyle(cell).fontSize), scrolls}))
    .filter(cell => cell.width < 4 * cell.em && !cell.scrolls);
})
"""


def _table_pages():
    return {
        "publicity": pages.open_publicity_notice("zh-hans").get_url(),
        "bulletin": pages.notice_url("EvaluationBulletin", "zh-hans"),
        "center": pages.page_url(CenterPage, "zh-hans"),
        "city-table": "/centers/map/",
        "figures": "/figures/",
    }


@pytest.mark.parametrize("kind", ["publicity", "bulletin", "center", "city-table", "figures"])
def test_tables_have_no_column_narrower_than_four_characters(page, width, kind, shoot):
    path = _table_pages()[kind]
    assert path, f"the demo has no {kind} page"
    page.goto(path)
    assert page.locator("main table").count() >= 1
    assert page.evaluate(NARROW_CELLS) == []
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {width}px"
    if kind == "publicity":
        table = page.locator("main table.table--stack")
        rows = table.locator("tbody tr")
        assert rows.count() >= 3
        if width < 600:
            # Stacked: each proposed center is a card, its facts labelled in Chinese with a full-width colon.
            first = box(rows.nth(0))
            assert first["width"] >= width - 60
            label = rows.nth(0).locator("td[data-label]").nth(1)
            content = label.evaluate("cell => getComputedStyle(cell, '::before').content")
            assert content.endswith('："') or "：" in content, content
        shoot()


SCREENS = {
    "home": lambda lang: pages.prefix(lang) + "/",
    "directory": lambda lang: pages.prefix(lang) + "/centers/",
    "center": lambda lang: pages.page_url(CenterPage, lang),
    "publicity": lambda lang: (pages.open_publicity_notice(lang) or pages.open_publicity_notice("zh-hans")).get_url(),
    "apply-form": lambda lang: (
        (pages.open_application_notice(lang) or pages.open_application_notice("zh-hans")).get_url().rstrip("/")
        + "/apply/?kind=regional"
    ),
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screenshots_of_the_main_pages(page, width, screen, language):
    """Full-page screenshots for people to look at (.test-artifacts/browser/screen-<page>-<language>-<width>.png);
    each page must answer, fit the screen's width and show its one heading."""
    path = SCREENS[screen](language)
    assert path, f"the demo has no {screen} page in {language}"
    response = page.goto(path)
    assert response.status == 200, path
    expect(page.locator("h1")).to_have_count(1)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {width}px"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"screen-{screen}-{language}-{width}.png"), full_page=True)
