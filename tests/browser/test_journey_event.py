"""Journey 2: from the home page, find the next matchmaking event, open it and put it in a calendar (.ics), at
1280 px and at 375 px, in Chinese and in English; from the events list, register online for the demo event
that takes registrations, read the receipt, and cancel with the cancel link."""

import datetime as dt
import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HEADINGS = {"/": "近期供需对接活动", "/en/": "Upcoming matchmaking events"}


@pytest.mark.parametrize("home", ["/", "/en/"])
def test_find_an_upcoming_event_from_the_home_page_and_download_its_ics(page, home, shoot):
    page.goto(home)
    events = page.get_by_role("region", name=HEADINGS[home])
    first = events.get_by_role("listitem").first
    title = first.get_by_role("heading", level=3).inner_text().strip()
    starts = dt.datetime.fromisoformat(
        first.locator("time").first.get_attribute("datetime")
    )  # the start; the card also gives the end and the deadline
    assert starts > dt.datetime.now(dt.UTC), "the home page lists an event that has already started"

    first.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert ("/en/events/" in page.url) == (home == "/en/")
    expect(page.locator("main time").first).to_have_attribute("datetime", re.compile(starts.isoformat()[:16]))

    with page.expect_download() as download_info:
        page.locator("main a[href$='calendar.ics']").last.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(download.path().read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") > starts
    shoot()


def test_register_for_a_demo_event_see_the_receipt_and_cancel(page, width, shoot):
    page.goto("/events/")
    card = page.locator("main li.card").filter(has=page.get_by_role("link", name="网上报名")).first
    title = card.get_by_role("heading", level=3).inner_text().strip()
    card.get_by_role("link", name="网上报名").click()
    expect(page).to_have_url(re.compile(r"/register/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)

    page.get_by_label("您的姓名").fill(f"报名人{width}")
    page.get_by_label("您的单位").fill("赣州某电子科技有限公司")
    page.get_by_label("联系电话").fill("13907970000")
    page.get_by_label("电子邮箱").fill(f"journey-{width}@example.org")
    page.get_by_label("参会人数").fill("2")
    page.locator("main form[method=post] button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("报名已收到")
    expect(page.locator("#registration-state")).to_contain_text("已确认")
    receipt_number = page.locator("#receipt-number").inner_text().strip()
    assert re.fullmatch(r"BM-\d{4}-\d{6}", receipt_number)
    expect(page.locator("#access-code")).to_be_visible()

    page.get_by_role("link", name="取消本次报名").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("取消报名")
    expect(page.locator("#registration-status")).to_have_text("已确认")
    page.get_by_role("button", name="取消我的报名").click()
    expect(page.get_by_role("status")).to_contain_text("您的报名已取消")
    expect(page.locator("#registration-status")).to_have_text("已取消")
    shoot()
