"""Journey 4: an applicant unit starts an application while the window is open, saves a draft, leaves, comes back
later through the private link (a fresh browser, no cookies), finds what it typed, finishes and submits. At
1280 px and at 375 px."""

import random
import re

import pytest
from playwright.sync_api import expect

from directory.validators import credit_code_check_character
from tests.browser import pages
from tests.browser.actions import Person

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def new_credit_code() -> str:
    """A valid unified social credit code no other test uses (GB 32100-2015 check character)."""
    first17 = "913601" + "".join(random.choices("0123456789", k=11))
    return first17 + credit_code_check_character(first17)


@pytest.fixture
def documents(tmp_path):
    book = tmp_path / "申报书.pdf"
    plan = tmp_path / "建设方案.pdf"
    book.write_bytes(PDF)
    plan.write_bytes(PDF)
    return book, plan


def test_save_a_draft_application_and_return_to_finish_it(page, browser, site_server, width, documents, shoot):
    notice = pages.open_application_notice("zh-hans")
    assert notice is not None, "the demo has no application window open today"
    unit = f"南昌草稿测试科技有限公司{width}"
    code = new_credit_code()
    person = Person(page, keyboard=False)

    page.goto(notice.get_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(notice.title)
    person.activate(page.locator("main a[href$='apply/']").first)
    person.check(page.locator("#kind-regional"))
    person.activate(page.locator("main form button[type=submit]"))

    person.fill(page.locator("#id_lead_unit_name"), unit)
    person.fill(page.locator("#id_lead_unit_credit_code"), code)
    page.locator("#id_area").select_option(label="南昌市")
    person.fill(page.locator("#id_contact_name"), "李申报")
    person.fill(page.locator("#id_phone"), "0791-86123456")
    person.fill(page.locator("#id_email"), "applicant@example.org")
    conditions = page.locator("textarea[id^=id_condition_]")
    person.fill(conditions.first, "本单位为独立法人，经营状况良好，未列入失信联合惩戒名单。")
    person.activate(page.locator("button[name=action][value=draft]"))

    saved = page.locator("#draft-saved")
    expect(saved).to_be_visible()
    link = saved.get_by_role("link").get_attribute("href")
    assert re.search(r"draft=", link)
    page.context.close()

    # Later, in another browser (no cookies): the private link opens the draft with everything kept.
    later = browser.new_context(base_url=site_server.url, viewport=page.viewport_size, locale="zh-CN")
    page = later.new_page()
    person = Person(page, keyboard=False)
    page.goto(link)
    expect(page.locator("#id_lead_unit_name")).to_have_value(unit)
    expect(page.locator("#id_lead_unit_credit_code")).to_have_value(code)
    expect(page.locator("#id_area option:checked")).to_have_text("南昌市")
    expect(page.locator("#id_phone")).to_have_value(re.compile(r"0791-?86123456"))
    conditions = page.locator("textarea[id^=id_condition_]")
    expect(conditions.first).to_have_value("本单位为独立法人，经营状况良好，未列入失信联合惩戒名单。")

    page.locator("#id_unit_type").select_option(index=1)
    for index in range(1, conditions.count()):
        person.fill(conditions.nth(index), f"第{index + 1}项条件的满足情况说明。")
    book, plan = documents
    page.locator("#id_application_book").set_input_files(book)
    page.locator("#id_construction_plan").set_input_files(plan)
    person.check(page.locator("#id_declaration"))
    person.activate(page.locator("button[name=action][value=submit]"))

    expect(page.locator("#error-summary")).to_have_count(0)
    receipt_number = page.locator("#receipt-number").inner_text().strip()
    assert receipt_number
    expect(page.get_by_role("status")).to_contain_text(notice.title)
    shoot(on=page)
    later.close()
