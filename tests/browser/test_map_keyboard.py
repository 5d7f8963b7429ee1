"""The map of centers (issue 19): a city on the map is reached with the keyboard and Enter opens the directory
filtered to it, at 1280 px and at 375 px. The map, the figures page and the directory are in the accessibility
matrix (test_accessibility.py: both widths, both languages, normal and elder mode, with screenshots of the map
and the figures)."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_a_city_on_the_map_opens_the_directory_filtered_to_it_with_the_keyboard(page, shoot):
    page.goto("/centers/map/")
    city = page.locator('a[data-area="ganzhou"]')
    label = city.get_attribute("aria-label")
    count = int(re.search(r"(\d+) 个促进中心", label).group(1))
    city.focus()
    shoot("focused-city")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"region=ganzhou"))
    assert re.search(rf"\b{count}\b", page.locator("#results-heading").inner_text())
