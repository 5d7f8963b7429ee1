"""The accessibility statement: linked from the footer of every page, in both languages, stating the standards
followed, the known gaps and whom to contact."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("width", ["desktop"], indirect=True)]

STATEMENTS = {
    "/notices/": ("无障碍声明", ["GB/T 37668-2019", "WCAG", "适老化"], ["遵循的标准", "已知不足", "联系我们"]),
    "/en/centers/": (
        "Accessibility statement",
        ["GB/T 37668-2019", "WCAG", "Elder-friendly mode"],
        ["Standards we follow", "Known gaps", "Contact"],
    ),
}


@pytest.mark.parametrize("start", list(STATEMENTS))
def test_statement_is_reachable_from_the_footer_and_says_what_people_need(page, start):
    title, mentions, headings = STATEMENTS[start]
    page.goto(start)
    page.get_by_role("contentinfo").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    main = page.get_by_role("main")
    for text in mentions:
        expect(main).to_contain_text(text)
    for heading in headings:
        expect(main.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(main).to_contain_text("dtpc@gxt.jiangxi.example")
    expect(main).to_contain_text("0791-00000000")
