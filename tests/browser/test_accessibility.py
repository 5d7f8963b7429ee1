"""axe-core and structural checks on every public page type, in both languages, in normal and elder mode:
zero serious or critical violations (rules consciously accepted are listed in tests/browser/README.md), one
h1, landmarks, the language attribute, labels tied to inputs, errors tied to their inputs, focus that shows,
and no content lost at 200 % and 400 % zoom; screenshots of the map and the figures pages in both modes go to
.test-artifacts/browser/ for people to look at.

Every page is checked on a laptop (1280 px) and on a phone (375 px): a layout that only a phone gets (the
directory's folded filters, the 公示 list stacked into cards) is checked by axe too. The server sends the same
page to both and no script reads the width, so a test loads each page once and checks it at one width, then at
the other (the window resized, the styles for that width applied). Each check looks at one page, so the tests
share one browser profile (marked `kept_profile`: cookies cleared before each) instead of a new one each."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.a11y import (
    axe_violations,
    focus_problems,
    full_check,
    reflow_problems,
)
from tests.browser.conftest import WIDTHS, viewport

ROOT = Path(__file__).resolve().parents[2]

# The tests' profile opens at the laptop's width; `at_each_width` resizes the window.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.kept_profile,
    pytest.mark.parametrize("width", ["desktop"], indirect=True),
]
VIEWPORTS = {name: viewport(width) for name, width in WIDTHS.items()}


def _first(model_path: str, language: str, **filters):
    module, name = model_path.rsplit(".", 1)
    model = getattr(__import__(module, fromlist=[name]), name)
    return pages.page_url(model, language, **filters)


def _form(notice_getter, route: str):
    def resolve(language):
        notice = notice_getter(language)
        return notice.get_url() + route if notice is not None else None

    return resolve


# page type → function(language) giving the site-relative address of one page of that type.
PAGE_TYPES = {
    "home": lambda lang: pages.prefix(lang) + "/",
    "accessibility-statement": lambda lang: pages.prefix(lang) + "/accessibility/",
    "not-found": lambda lang: pages.prefix(lang) + "/no-such-page/",
    "search": lambda lang: pages.prefix(lang) + "/search/",
    "search-results": lambda lang: pages.prefix(lang) + "/search/?q=%E6%95%B0%E5%AD%97%E5%8C%96",
    "status": lambda lang: pages.prefix(lang) + "/submissions/status/",
    "notice-index": lambda lang: pages.prefix(lang) + "/notices/",
    "notice-index-filtered": lambda lang: pages.prefix(lang) + "/notices/?type=publicity",
    "application-notice": lambda lang: _first("notices.models.ApplicationNotice", lang),
    "publicity-notice": lambda lang: _first("notices.models.PublicityNotice", lang),
    "evaluation-bulletin": lambda lang: _first("notices.models.EvaluationBulletin", lang),
    "revocation-notice": lambda lang: _first("notices.models.RevocationNotice", lang),
    "policy-notice": lambda lang: _first("notices.models.PolicyNotice", lang),
    "directory": lambda lang: pages.prefix(lang) + "/centers/",
    "directory-filtered": lambda lang: pages.prefix(lang) + "/centers/?kind=regional&service=diagnosis",
    "directory-map": lambda lang: pages.prefix(lang) + "/centers/map/",
    "directory-map-industry": lambda lang: pages.prefix(lang) + "/centers/map/?map=industry",
    "figures": lambda lang: pages.prefix(lang) + "/figures/",
    "center": lambda lang: _first("directory.models.CenterPage", lang),
    "events": lambda lang: pages.prefix(lang) + "/events/",
    "event": lambda lang: _first("directory.models.EventPage", lang),
    "objection-form": _form(pages.open_publicity_notice, "objection/"),
    "application-form": _form(pages.open_application_notice, "apply/"),
    "event-taking-registrations": _form(pages.event_open_for_registration, ""),
    "registration-form": _form(pages.event_open_for_registration, "register/"),
    "evaluation-form": _form(pages.center_to_evaluate, "evaluation/"),
    "subscribe": lambda lang: pages.prefix(lang) + "/subscribe/",
}

# Page types whose screenshots (each mode and width) are kept for people to look at (issue 19).
SCREENSHOTS = {"directory-map", "figures"}


@pytest.fixture(params=["zh-hans", "en"])
def language(request):
    return request.param


def at_each_width(page, check) -> list[str]:
    """`check(width name)`'s problems at each width, the page resized in place; it is left at the last width."""
    problems = []
    for name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        problems += [f"{name}: {problem}" for problem in check(name)]
    return problems


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_type_has_no_serious_accessibility_problems(page, context, site_server, shoot, page_type, language):
    path = PAGE_TYPES[page_type](language)
    if path is None and language == "en":
        pytest.skip(f"the demo content has no English {page_type} page")
    assert path, f"the demo content has no {page_type} page"
    expected_status = 404 if page_type == "not-found" else 200
    problems = []
    for mode in ("normal", "elder"):
        if mode == "elder":
            context.add_cookies([{"name": "elder_mode", "value": "on", "url": site_server.url}])
        page.set_viewport_size(VIEWPORTS["desktop"])
        response = page.goto(path)
        assert response.status == expected_status, f"{path} answered {response.status}"
        if mode == "elder":
            assert "elder" in (page.get_attribute("html", "class") or "")

        def check(width, mode=mode):
            # The elder-friendly mode promises more than AA: text at the enhanced 7:1 ratio (WCAG 1.4.6),
            # checked in the same axe run.
            found = full_check(page, language=pages.LANGUAGES[language], enhanced_contrast=mode == "elder")
            if page_type in SCREENSHOTS:
                shoot(f"{mode}-{width}")
            return found

        problems += [f"{mode} {path}: {problem}" for problem in at_each_width(page, check)]
    assert problems == []


FORMS_WITH_ERRORS = {
    "objection-form": _form(pages.open_publicity_notice, "objection/"),
    "application-form": _form(pages.open_application_notice, "apply/"),
    "registration-form": _form(pages.event_open_for_registration, "register/"),
    "evaluation-form": _form(pages.center_to_evaluate, "evaluation/"),
    "status": lambda lang: pages.prefix(lang) + "/submissions/status/",
    "subscribe": lambda lang: pages.prefix(lang) + "/subscribe/",
}


@pytest.mark.parametrize("form_type", list(FORMS_WITH_ERRORS))
def test_form_with_errors_has_no_serious_accessibility_problems(page, form_type, language):
    """Send each form empty: the error summary and the messages beside the fields pass the same checks, and
    every message is tied to its input."""
    path = FORMS_WITH_ERRORS[form_type](language)
    assert path, f"the demo content has no {form_type} in {language}"
    page.goto(path)
    if page.locator("main form[method=post]").count() == 0:
        # A first step that only chooses (the kind of center) before the real form.
        page.locator("main form").first.locator("[type=submit]").click()
    form = page.locator("main form[method=post]").last
    form.locator("[type=submit]").last.click()
    # The click starts a navigation and returns before the answer is drawn: wait for the summary, not for time.
    expect(page.locator(".error-summary"), f"{path}: sending the form empty shows no error summary").to_be_visible()
    assert page.locator(".field__error").count() >= 1
    assert at_each_width(page, lambda _width: full_check(page, language=pages.LANGUAGES[language])) == []


@pytest.mark.parametrize("path", ["/", "/en/", "/notices/", "/centers/", "/submissions/status/"])
def test_content_reflows_at_200_and_400_percent_zoom(page, path):
    page.goto(path)
    assert reflow_problems(page) == []


@pytest.mark.parametrize("path", ["/", "/en/notices/", "/centers/"])
def test_keyboard_focus_is_always_visible(page, path):
    page.goto(path)
    assert focus_problems(page, presses=25) == []


def test_server_error_page_is_accessible_without_the_site_running(page):
    """500.html is plain HTML with its own styles (it must render when nothing else works): bilingual, one h1,
    each language marked, no serious axe violation."""
    page.set_content((ROOT / "site" / "templates" / "500.html").read_text(encoding="utf-8"))
    assert page.get_attribute("html", "lang") == "zh-Hans"
    assert page.locator("h1").count() == 1
    assert page.locator("main").count() == 1
    assert page.locator("[lang=en]").count() >= 2
    assert axe_violations(page) == []
