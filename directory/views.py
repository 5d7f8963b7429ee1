"""The public views of the directory's pages: the routes and context of the directory, center, events and
event pages. The pages ask for them by the Wagtail hook names beside their classes (directory/models,
home/page_views.py); `wagtail_hooks.py` registers them. Thin: what a page shows is built in `listing`, `map`,
`export` and `calendar`."""

from django.utils import timezone
from django.utils.translation import gettext as _

from directory import calendar, export, listing
from directory.filters import EventFilterSet
from directory.map import map_page_context


def directory_listing(request, directory):
    return directory.render(request, context_overrides=listing.directory_context(directory, request))


def directory_map(request, directory):
    return directory.render(
        request, template="directory/directory_map.html", context_overrides=map_page_context(directory, request)
    )


def directory_export_csv(request, directory):
    return export.export_csv(directory, request)


def directory_export_json(request, directory):
    return export.export_json(directory, request)


def center_page_context(request, center) -> dict:
    return listing.center_context(center)


def events_listing(request, index):
    return index.render(request, context_overrides=listing.events_context(index, request))


def events_calendar(request, index):
    """Every live event of the list (past ones too: calendars keep history), with the list's area and
    industry filters when given."""
    filterset = EventFilterSet(request.GET, queryset=index.events(), locale=index.locale, at=timezone.now())
    events = filterset.qs.select_related("locale").order_by("starts_at")
    return calendar.calendar_response(events, request, name=_("Matchmaking events"), filename="events.ics")


def event_calendar(request, event):
    return calendar.calendar_response([event], request, name=event.title, filename=f"{event.slug}.ics")


def event_page_context(request, event) -> dict:
    return listing.event_context(event, request)
