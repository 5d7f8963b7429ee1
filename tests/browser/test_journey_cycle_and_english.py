"""Journey 7 (issue 16): follow one yearly round from its application notice to its 公示 and the published
list and back, by the step indicator's links, in Chinese and in English, at 1280 px and 375 px; English
pages show the centers, areas, industries and rating words in English. axe stays at zero serious/critical."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import axe_violations

# These tests only look at pages: one browser profile per width serves them all (tests/browser/conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.kept_profile]

STEPS = {
    "/": ("本轮进度", "拟认定名单公示", "认定名单公布", "申报"),
    "/en/": ("Where this round stands", "Publicity of the proposed list", "List published", "Applications"),
}


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_follow_last_years_round_from_the_call_to_the_published_list_and_back(page, prefix, shoot):
    heading, publicity_step, list_step, application_step = STEPS[prefix]
    page.goto(prefix + "notices/?type=application")
    page.locator(f"main a[href$='/notices/application-{last_year()}/']").first.click()
    cycle = page.get_by_role("navigation", name=heading)
    expect(cycle).to_be_visible()
    expect(cycle.locator("[aria-current=step]")).to_have_count(0)  # every step of last year's round is done

    cycle.get_by_role("link", name=publicity_step).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(prefix)}notices/publicity-{last_year()}/$"))
    cycle = page.get_by_role("navigation", name=heading)
    expect(cycle.get_by_role("link", name=publicity_step)).to_have_count(0)  # the page it is on
    assert axe_violations(page) == []

    cycle.get_by_role("link", name=list_step).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(prefix)}notices/recognised-list-{last_year()}/$"))
    page.get_by_role("navigation", name=heading).get_by_role("link", name=application_step).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(prefix)}notices/application-{last_year()}/$"))
    shoot(f"cycle-{prefix.strip('/') or 'zh'}")


def test_this_years_open_publicity_is_the_current_step_of_its_round(page, shoot):
    page.goto(f"/notices/publicity-{this_year()}/")
    cycle = page.get_by_role("navigation", name="本轮进度")
    current = cycle.locator("[aria-current=step]")
    expect(current).to_contain_text("拟认定名单公示")
    expect(current).to_contain_text(re.compile(r"剩余 \d+ 天|今天截止"))
    cycle.get_by_role("link", name="申报").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("第一批")


LABELS = ("优秀", "良好", "合格", "不合格", "区域型", "行业型")
# Taxonomy names; unit names and addresses are data without a translation and may hold them.
TAXONOMY = ("赣州市", "南昌市", "萍乡市", "稀土", "电子信息", "装备制造")


@pytest.mark.parametrize(
    ("path", "forbidden"),
    [
        ("/en/notices/evaluation-{0}/", LABELS + ("数字化转型促进中心",)),
        ("/en/notices/publicity-{0}/", LABELS + TAXONOMY),
        ("/en/centers/", LABELS),
        ("/en/centers/ganzhou-rare-earths/", LABELS),
    ],
)
def test_english_pages_show_english_names_and_rating_words(page, path, forbidden, shoot):
    page.goto(path.format(last_year()))
    if "publicity" in path:  # the table only: unit names elsewhere are data without a translation
        text = page.locator(
            "main table td:nth-child(4), main table td:nth-child(5), main table td:nth-child(6)"
        ).all_inner_texts()
        text = " ".join(text)
    elif "evaluation" in path:
        text = " ".join(page.locator("main table").all_inner_texts())
    else:
        text = " ".join(
            page.locator("main .tag, main .rating, main [class*=rating], main [class*=status]").all_inner_texts()
        )
    for chinese in forbidden:
        assert chinese not in text, f"{chinese} on {path}"
    assert axe_violations(page) == []
    shoot(path.strip("/").replace("/", "-").format(last_year()))


def this_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def last_year() -> int:
    return this_year() - 1
