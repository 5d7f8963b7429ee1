"""Journey 2: from the home page, find the next matchmaking event, open it and put it in a calendar (.ics), at
1280 px and at 375 px, in Chinese and in English."""

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
