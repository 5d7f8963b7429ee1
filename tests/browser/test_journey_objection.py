"""Journey 3: file a real-name objection on the open 公示 with an evidence file; get the phone number wrong once
and find the error summary and everything else still filled in; put it right and submit; read the receipt; look
the objection up on the status page. With the mouse and with the keyboard alone, at 1280 px and at 375 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.actions import Person

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def evidence(tmp_path):
    path = tmp_path / "现场照片说明.pdf"
    path.write_bytes(PDF)
    return path


@pytest.fixture
def notice():
    notice = pages.open_publicity_notice("zh-hans")
    assert notice is not None, "the demo has no 公示 open today"
    return notice


@pytest.mark.parametrize("keyboard", [False, True], ids=["mouse", "keyboard"])
def test_file_an_objection_fix_a_mistake_and_check_its_status(page, notice, evidence, keyboard, width, shoot):
    person = Person(page, keyboard=keyboard)
    name = f"张{'键盘' if keyboard else '鼠标'}{width}"
    facts = "该中心申报材料中的服务企业数量与实际不符，详见所附说明。"

    page.goto(notice.get_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(notice.title)
    person.activate(page.locator("main a[href$='objection/']").first)
    expect(page).to_have_url(re.compile(r"/objection/$"))
    first_entry = page.locator("#id_entries input[type=checkbox]").first

    person.fill(page.locator("#id_real_name"), name)
    person.fill(page.locator("#id_unit"), "南昌某软件有限公司")
    person.fill(page.locator("#id_phone"), "12345")
    person.fill(page.locator("#id_email"), "objector@example.org")
    person.check(first_entry)
    person.fill(page.locator("#id_facts_and_reasons"), facts)
    person.choose_files(page.locator("#id_evidence"), evidence)
    person.check(page.locator("#id_consent_to_contact"))
    person.activate(page.locator("main form[method=post] button[type=submit]"))

    # The error summary comes first and has the focus; it names the phone field and links to it.
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    phone_link = summary.get_by_role("link")
    expect(phone_link).to_have_attribute("href", "#id_phone")
    phone = page.locator("#id_phone")
    expect(phone).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_phone_error")
    expect(error).to_be_visible()
    assert "id_phone_error" in phone.get_attribute("aria-describedby").split()
    # What was typed is still there: nothing but the wrong number needs doing again (and the file, on purpose).
    expect(page.locator("#id_real_name")).to_have_value(name)
    expect(page.locator("#id_unit")).to_have_value("南昌某软件有限公司")
    expect(phone).to_have_value("12345")
    expect(page.locator("#id_email")).to_have_value("objector@example.org")
    expect(first_entry).to_be_checked()
    expect(page.locator("#id_facts_and_reasons")).to_have_value(facts)
    expect(page.locator("#id_consent_to_contact")).to_be_checked()

    person.activate(phone_link)
    expect(phone).to_be_focused()
    person.fill(phone, "13800138000")
    person.choose_files(page.locator("#id_evidence"), evidence)
    person.activate(page.locator("main form[method=post] button[type=submit]"))

    # The receipt: a receipt number and an access code, shown once.
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    receipt_number = page.locator("#receipt-number").inner_text().strip()
    access_code = page.locator("#access-code").inner_text().strip()
    assert receipt_number and access_code
    expect(page.get_by_role("status")).to_contain_text(notice.title)

    person.activate(page.locator("main a[href$='/submissions/status/']"))
    person.fill(page.locator("#id_receipt_number"), receipt_number)
    person.fill(page.locator("#id_access_code"), access_code)
    person.activate(page.locator("main form[method=post] button[type=submit]"))
    result = page.locator("section[aria-labelledby=result-title]")
    expect(result.get_by_role("heading", level=2)).to_contain_text(receipt_number)
    expect(result).to_contain_text(notice.title)
    expect(result.locator(".status")).to_be_visible()
    expect(result.get_by_role("link", name=evidence.name)).to_be_visible()
    shoot()
