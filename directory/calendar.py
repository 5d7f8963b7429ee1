"""Events as iCalendar (RFC 5545), built with the icalendar library: /events/calendar.ics holds every live
event of the list's language, each event page offers its own .ics (their views: directory/views.py). Times
carry TZID Asia/Shanghai with the zone's VTIMEZONE, so calendars abroad show the right local time."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

from home.china import CHINA
from home.public_address import absolute_url

PRODID = "-//Jiangxi Digital Transformation Promotion Centers//dtpc//ZH"


def _vevent(event, request) -> Event:
    vevent = Event()
    vevent.add("uid", f"{event.translation_key}-{event.locale.language_code}@dtpc.jiangxi")
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", timezone.localtime(event.starts_at, CHINA))
    vevent.add("dtend", timezone.localtime(event.ends_at, CHINA))
    vevent.add("summary", event.title)
    vevent.add("location", event.venue)
    url = absolute_url(event.get_url(request=request))
    vevent.add("url", url)
    parts = [strip_tags(event.description).strip(), event.how_to_register, url]
    vevent.add("description", "\n\n".join(p for p in parts if p))
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at)
    return vevent


def build_calendar(events, request, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        calendar.add_component(_vevent(event, request))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(events, request, *, name: str, filename: str) -> HttpResponse:
    """`events` as an .ics download named `filename`, the calendar called `name`."""
    response = HttpResponse(build_calendar(events, request, name=name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(event) -> bytes:
    """The event as an .ics file outside a request (attached to a registration's confirmation email)."""
    return build_calendar([event], None, name=event.title)
