"""The map of centers and the figures page (issue 19) at 1280 px and at 375 px, normal and elder mode: axe
finds nothing serious, a city on the map is reached with the keyboard and Enter opens the directory
filtered to it, and screenshots of both pages go to .test-artifacts/browser/."""

import re

import pytest

from tests.browser import pages
from tests.browser.a11y import axe_violations, structure_problems

pytestmark = pytest.mark.browser

PATHS = {"map": "/centers/map/", "figures": "/figures/", "directory": "/centers/"}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("which", list(PATHS))
def test_map_and_figures_pages_are_accessible_at_both_widths(page, context, site_server, shoot, which, language):
    path = pages.prefix(language) + PATHS[which]
    problems = []
    for mode in ("normal", "elder"):
        if mode == "elder":
            context.add_cookies([{"name": "elder_mode", "value": "on", "url": site_server.url}])
        response = page.goto(path)
        assert response.status == 200
        found = axe_violations(page, enhanced_contrast=mode == "elder")
        found += structure_problems(page, language=pages.LANGUAGES[language])
        problems += [f"{mode} {path}: {problem}" for problem in found]
        if which != "directory":
            shoot(mode)
    assert problems == []


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
