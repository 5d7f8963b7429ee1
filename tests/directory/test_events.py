"""Events: upcoming/past at the minute boundary, area and industry filters, the calendar feeds (parsed
with icalendar, Asia/Shanghai), the center page's next events, the home page's, constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from directory.models import EventPage
from directory.rules import is_registration_open
from tests import factories as f

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = pytest.mark.usefixtures("demo_shell_per_module")


@pytest.fixture
def events(site_tree):
    home = site_tree["home"]
    index = f.events_page(home)
    directory = f.directory_page(home)
    ganzhou = f.AreaFactory(slug="ganzhou", name="赣州市")
    nanchang = f.AreaFactory(slug="nanchang", name="南昌市", division_code="3601")
    rare = f.IndustryFactory(slug="rare-earths", name="稀土")
    aviation = f.IndustryFactory(slug="aviation", name="航空")
    center = f.center(directory, "赣州市稀土产业数字化转型促进中心", area=ganzhou, industries=[rare], slug="rare")
    now = timezone.now()
    return {
        "index": index,
        "center": center,
        "soon": f.event(
            index,
            "稀土产业链供需对接会",
            starts_at=f.china(timezone.localdate() + dt.timedelta(days=5), 14, 30),
            area=ganzhou,
            industries=[rare],
            organisers=[center],
            slug="soon",
        ),
        "later": f.event(
            index, "航空制造供需对接会", starts_at=now + dt.timedelta(days=30), area=nanchang, industries=[aviation]
        ),
        "past": f.event(
            index, "陶瓷产业推介会", starts_at=now - dt.timedelta(days=20), area=ganzhou, organisers=[center]
        ),
    }


def titles(response):
    return [e.title for e in response.context["events"]]


@pytest.mark.django_db
def test_upcoming_soonest_first_and_past_apart(client, events):
    assert titles(client.get("/events/")) == ["稀土产业链供需对接会", "航空制造供需对接会"]
    assert titles(client.get("/events/?when=past")) == ["陶瓷产业推介会"]


@pytest.mark.django_db
def test_an_event_is_upcoming_until_its_last_minute(events):
    event = events["later"]
    at = event.ends_at
    assert EventPage.objects.upcoming(at=at).filter(pk=event.pk).exists()
    assert not EventPage.objects.past(at=at).filter(pk=event.pk).exists()
    after = at + dt.timedelta(seconds=1)
    assert EventPage.objects.past(at=after).filter(pk=event.pk).exists()
    assert not EventPage.objects.upcoming(at=after).filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_filters_by_area_and_industry(client, events):
    assert titles(client.get("/events/?region=nanchang")) == ["航空制造供需对接会"]
    assert titles(client.get("/events/?industry=rare-earths")) == ["稀土产业链供需对接会"]
    assert titles(client.get("/events/?when=past&region=nanchang")) == []
    response = client.get("/events/?region=atlantis")
    assert "error-summary" in response.content.decode()


@pytest.mark.django_db
def test_calendar_feed_is_valid_icalendar_in_china_time(client, events):
    response = client.get("/events/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    vevents = calendar.walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in vevents} == {"稀土产业链供需对接会", "航空制造供需对接会", "陶瓷产业推介会"}
    soon = next(e for e in vevents if str(e["SUMMARY"]) == "稀土产业链供需对接会")
    start = soon["DTSTART"].dt
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert (start.hour, start.minute) == (14, 30)
    assert start == events["soon"].starts_at
    assert b"TZID=Asia/Shanghai" in response.content
    assert calendar.walk("VTIMEZONE")
    assert len({str(e["UID"]) for e in vevents}) == 3


@pytest.mark.django_db
def test_calendar_feed_takes_the_lists_area_and_industry_filters(client, events):
    def summaries(query):
        response = client.get(f"/events/calendar.ics?{query}")
        assert response.status_code == 200
        return {str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}

    assert summaries("region=ganzhou") == {"稀土产业链供需对接会", "陶瓷产业推介会"}
    assert summaries("industry=aviation") == {"航空制造供需对接会"}
    assert summaries("region=ganzhou&industry=rare-earths") == {"稀土产业链供需对接会"}
    assert summaries("region=nanchang&industry=rare-earths") == set()


@pytest.mark.django_db
def test_each_event_has_its_own_ics(client, events):
    response = client.get("/events/soon/calendar.ics")
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "稀土产业链供需对接会"
    assert str(vevent["LOCATION"]) == events["soon"].venue
    assert "/events/soon/" in str(vevent["URL"])


@pytest.mark.django_db
def test_each_card_links_to_its_event_its_calendar_and_its_live_organisers(client, events):
    body = client.get("/events/").content.decode()
    for name in ("soon", "later"):
        url = events[name].url
        assert f'href="{url}"' in body
        assert f'href="{url}calendar.ics"' in body
    assert 'href="/centers/rare/"' in body  # the organiser
    assert "行业：稀土" in body
    events["center"].unpublish()
    assert 'href="/centers/rare/"' not in client.get("/events/").content.decode()  # only live organisers


@pytest.mark.django_db
def test_event_page_shows_organisers_and_how_to_register(client, events):
    body = client.get("/events/soon/").content.decode()
    assert 'href="/centers/rare/"' in body
    assert "报名方式" in body and "service@example.org" in body
    assert "calendar.ics" in body
    past = client.get(events["past"].url).content.decode()
    assert "本活动已结束" in past


@pytest.mark.django_db
def test_when_is_written_in_china_time_with_the_end_date_only_on_another_day(client, events):
    """The card and the event page write an event's span alike (`time_range`): in China time, machine-readable,
    the end's date left out when the event ends the day it starts."""
    soon = events["soon"]  # 14:30 to 17:30, China time
    day = timezone.localdate(soon.starts_at).isoformat()
    same_day = (
        f'<time datetime="{day}T14:30:00+08:00">{day} 14:30</time> – <time datetime="{day}T17:30:00+08:00">17:30</time>'
    )
    assert same_day in client.get("/events/").content.decode()
    assert same_day in client.get(soon.url).content.decode()
    soon.registration_deadline = f.china(timezone.localdate(soon.starts_at) - dt.timedelta(days=1), 17)
    soon.save_revision().publish()
    the_day_before = (timezone.localdate(soon.starts_at) - dt.timedelta(days=1)).isoformat()
    deadline = f'<time datetime="{the_day_before}T17:00:00+08:00">{the_day_before} 17:00</time>'
    assert deadline in client.get("/events/").content.decode()
    assert deadline in client.get(soon.url).content.decode()
    soon.ends_at = soon.starts_at + dt.timedelta(days=1)
    soon.save_revision().publish()
    next_day = (timezone.localdate(soon.starts_at) + dt.timedelta(days=1)).isoformat()
    spanning = f'<time datetime="{next_day}T14:30:00+08:00">{next_day} 14:30</time>'
    assert f"{day} 14:30</time> – {spanning}" in client.get("/events/").content.decode()
    assert spanning in client.get(soon.url).content.decode()


@pytest.mark.django_db
def test_registration_closes_at_its_deadline(events):
    event = events["soon"]
    event.registration_deadline = (event.starts_at - dt.timedelta(days=2)).replace(second=0, microsecond=0)
    # The deadline is shown to the minute: that whole minute is included, the next one is not.
    assert is_registration_open(event, at=event.registration_deadline + dt.timedelta(seconds=59))
    assert not is_registration_open(event, at=event.registration_deadline + dt.timedelta(minutes=1))
    event.registration_deadline = None
    assert is_registration_open(event, at=event.starts_at - dt.timedelta(seconds=1))
    assert not is_registration_open(event, at=event.starts_at)


@pytest.mark.django_db
def test_center_page_lists_only_its_upcoming_events(client, events):
    body = client.get("/centers/rare/").content.decode()
    assert "稀土产业链供需对接会" in body
    assert "陶瓷产业推介会" not in body  # past
    assert "航空制造供需对接会" not in body  # not organised by it


@pytest.mark.django_db
def test_home_page_shows_the_next_events(client, events):
    body = client.get("/").content.decode()
    assert body.index("稀土产业链供需对接会") < body.index("航空制造供需对接会")
    assert "陶瓷产业推介会" not in body


@pytest.mark.django_db
def test_events_page_queries_do_not_grow(client, events):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    client.get("/events/")
    before = (count("/events/"), count("/events/soon/"), count("/events/calendar.ics"))
    rare = f.IndustryFactory(slug="rare-earths", name="稀土")
    for n in range(5):
        f.event(events["index"], f"第{n}场对接会", industries=[rare], organisers=[events["center"]])
    assert (count("/events/"), count("/events/soon/"), count("/events/calendar.ics")) == before
