"""Journey 6: switch to English and back; switch on the elder-friendly mode (适老化) and find it remembered on the
next page, in both languages, then switch it off again."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import axe_violations, enhanced_contrast_problems

pytestmark = pytest.mark.browser

BASE_FONT = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
BODY_FONT = "() => parseFloat(getComputedStyle(document.body).fontSize)"


def test_switch_to_english_and_back(page, shoot):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("江西省省级数字化转型促进中心")

    page.get_by_role("navigation", name="语言").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Jiangxi Provincial Digital Transformation Promotion Centers"
    )
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()

    # On an inner page the switch leads to that page's translation, not to the home page.
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="简体中文").click()
    expect(page).to_have_url(re.compile(r"/accessibility/$"))
    assert "/en/" not in page.url
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("无障碍声明")
    expect(page.get_by_role("link", name="跳至主要内容")).to_be_attached()
    shoot()


def test_elder_mode_is_remembered_on_the_next_page_and_can_be_switched_off(page, shoot):
    page.goto("/")
    normal_size = page.evaluate(BASE_FONT)
    toggle = page.get_by_role("button", name="适老化模式", exact=True)
    expect(page.locator("html")).not_to_have_class(re.compile(r"\belder\b"))

    toggle.click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_class(re.compile(r"\belder\b"))
    # Switched on, the button says how to leave the mode.
    expect(page.get_by_role("button", name="退出适老化模式")).to_be_visible()
    assert page.evaluate(BASE_FONT) >= 18 > normal_size

    # The next page, reached by following a link, is still in elder mode; so is its English translation.
    page.get_by_role("contentinfo").get_by_role("link", name="无障碍声明").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("无障碍声明")
    expect(page.locator("html")).to_have_class(re.compile(r"\belder\b"))
    assert page.evaluate(BODY_FONT) >= 18
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_class(re.compile(r"\belder\b"))
    toggle = page.get_by_role("button", name="Leave elder-friendly mode")
    expect(toggle).to_be_visible()

    # Switching off comes back to the same page, at the normal size.
    toggle.click()
    expect(page).to_have_url(re.compile(r"/en/accessibility/$"))
    expect(page.locator("html")).not_to_have_class(re.compile(r"\belder\b"))
    assert page.evaluate(BASE_FONT) == normal_size
    page.goto("/")
    expect(page.locator("html")).not_to_have_class(re.compile(r"\belder\b"))
    shoot()


ELDER_TARGETS = """
() => [...document.querySelectorAll('.main-nav a, .lang-switch a, .elder-toggle button, .button, main input, main select, main button')]
  .filter(el => el.offsetParent !== null)
  .map(el => ({name: (el.textContent || el.name || el.id).trim().slice(0, 30), height: el.getBoundingClientRect().height}))
  .filter(target => target.height < 48)
"""

MOVING_OR_FLOATING = """
() => [...document.querySelectorAll('body *')].filter(el => {
  const style = getComputedStyle(el);
  const moves = style.animationName !== 'none' || parseFloat(style.transitionDuration) > 0;
  const floats = (style.position === 'fixed' || style.position === 'sticky') && !el.classList.contains('skip-link');
  return moves || floats;
}).map(el => el.tagName.toLowerCase() + '.' + el.className)
"""


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_elder_mode_has_big_type_big_targets_no_motion_and_stronger_contrast(page, path, shoot):
    page.goto(path)
    page.locator(".elder-toggle button").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\belder\b"))

    assert page.evaluate(BASE_FONT) >= 18
    assert page.evaluate(ELDER_TARGETS) == []
    assert page.evaluate(MOVING_OR_FLOATING) == []
    assert axe_violations(page) == []
    # Higher contrast: text meets WCAG's enhanced 7:1 ratio (AAA), beyond the 4.5:1 the normal mode needs.
    assert enhanced_contrast_problems(page) == []
    shoot()
