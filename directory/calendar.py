"""Events as iCalendar (RFC 5545), built with the icalendar library: /events/calendar.ics holds every live
event of the list's language, each event page offers its own .ics. Times carry TZID Asia/Shanghai with
the zone's VTIMEZONE, so calendars abroad show the right local time."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
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


def _response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def events_calendar_response(index_page, request) -> HttpResponse:
    """Every live event of the list (past ones too: calendars keep history), with the list's area and
    industry filters when given."""
    from directory.filters import EventFilterSet

    filterset = EventFilterSet(request.GET, queryset=index_page.events(), locale=index_page.locale, at=timezone.now())
    events = filterset.qs.select_related("locale").order_by("starts_at")
    return _response(build_calendar(events, request, name=_("Matchmaking events")), "events.ics")


def event_calendar_response(event, request) -> HttpResponse:
    return _response(build_calendar([event], request, name=event.title), f"{event.slug}.ics")


def event_ics(event) -> bytes:
    """The event as an .ics file outside a request (attached to a registration's confirmation email)."""
    return build_calendar([event], None, name=event.title)
