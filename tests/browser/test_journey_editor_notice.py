"""Journey 5: a provincial editor logs in to the admin, writes a policy notice with an attachment uploaded from
the page editor, submits it to the notice review workflow ("通知审核"); a reviewer approves it, which publishes it; the
public then finds it on /notices/ and in the RSS feed. At 1280 px and at 375 px."""

import datetime as dt
import random
import re

import feedparser
import pytest
from playwright.sync_api import expect

from notices.models import NoticeIndexPage
from tests.browser.actions import wait_for_autosave

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.fixture
def attachment(tmp_path):
    path = tmp_path / "evaluation-indicators.pdf"
    path.write_bytes(PDF)
    return path


def test_editor_publishes_a_notice_with_an_attachment_through_review(
    page, browser, site_server, width, demo_password, attachment, shoot
):
    index = NoticeIndexPage.objects.get(locale__language_code="zh-hans")
    title = f"关于印发数字化转型评价指标的通知（浏览器测试{width}-{random.randint(1000, 9999)}）"
    caption = "评价指标体系（PDF）"

    # The editor writes the notice and uploads its attachment from the page editor.
    log_in(page, "editor", demo_password)
    # The page editor is built by Wagtail's scripts: let them load before using its buttons.
    page.goto(f"/admin/pages/add/notices/policynotice/{index.pk}/", wait_until="networkidle")
    page.locator("#id_title").fill(title)
    page.locator("#id_document_number").fill("赣工信规字〔2026〕9号")
    page.locator("#id_summary").fill("印发运行评价指标体系，请各地遵照执行。")
    # Typing into a date field opens Wagtail's date picker, which can cover the next buttons on a narrow
    # screen; the date is set as a value, the way the picker itself sets it, without focusing the field.
    date_field = page.locator("#id_in_force_from")
    date_field.evaluate(
        "(el, value) => { el.value = value; el.dispatchEvent(new Event('change', {bubbles: true})); }",
        dt.date.today().isoformat(),
    )
    expect(date_field).to_have_value(dt.date.today().isoformat())
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    page.locator("#id_attachments-ADD").click()
    expect(page.locator("#id_attachments-0-caption")).to_be_visible()
    page.locator("#id_attachments-FORMS [data-chooser-action-choose]").first.click()
    modal = page.locator(".modal.in")
    modal.locator("#tab-label-upload").click()
    modal.locator("#id_document-chooser-upload-file").set_input_files(attachment)
    modal.locator("#id_document-chooser-upload-title").fill("评价指标体系")
    modal.locator("#tab-upload button[type=submit]").click()
    expect(modal).to_be_hidden()
    expect(page.locator("#id_attachments-FORMS")).to_contain_text("评价指标体系")
    page.locator("#id_attachments-0-caption").fill(caption)
    wait_for_autosave(page)
    page.locator("footer [data-w-dropdown-target=toggle]").click()
    page.locator("button[name=action-submit]").click()
    expect(page.locator(".messages")).to_contain_text(title)

    # Not public until it is approved.
    public = browser.new_context(base_url=site_server.url, viewport=page.viewport_size, locale="zh-CN")
    visitor = public.new_page()
    visitor.goto("/notices/")
    expect(visitor.get_by_role("link", name=title)).to_have_count(0)

    # A reviewer approves it from the dashboard; approving the only task publishes it.
    reviewer = browser.new_context(base_url=site_server.url, viewport=page.viewport_size).new_page()
    log_in(reviewer, "admin", demo_password)
    reviewer.locator("#awaiting-review-section").get_by_role("link", name=title).click()
    reviewer.wait_for_load_state("networkidle")
    reviewer.locator("footer [data-w-dropdown-target=toggle]").click()
    reviewer.locator("footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").click()
    expect(reviewer.locator(".messages")).to_contain_text(title)
    reviewer.context.close()

    # The public finds it in the list of notices, with its attachment, and in the feed.
    visitor.goto("/notices/")
    visitor.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.get_by_role("link", name=caption)).to_be_visible()
    href = visitor.get_by_role("link", name=caption).get_attribute("href")
    download = visitor.request.get(href)
    assert download.ok and download.body().startswith(b"%PDF")
    feed = feedparser.parse(visitor.request.get("/notices/feed/").body())
    entry = next(entry for entry in feed.entries if entry.title == title)
    assert entry.link.rstrip("/").endswith(visitor.url.rstrip("/").split(site_server.url)[-1])
    shoot(on=visitor)
    public.close()

    # Back in the admin, the attachment says where it is used (Wagtail's reference index, kept on every save).
    document_id = re.search(r"/documents/(\d+)/", href).group(1)
    page.goto(f"/admin/documents/usage/{document_id}/")
    expect(page.locator("main")).to_contain_text(title)
