"""Registration only. The lifecycle desk registers itself in `directory.lifecycle_hooks`."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from directory import lifecycle_hooks  # noqa: F401
from directory.models import CenterPage, EventPage
from directory.selectors import upcoming_events
from directory.views import DirectoryViewSetGroup
from home.search_views import SITE_SEARCH_TYPES_HOOK, SiteSearchType
from home.selectors import HOME_PAGE_PANELS_HOOK

register_snippet(DirectoryViewSetGroup)


# Site search (/search/) and the home page: hooks defined by `home`.
@hooks.register(SITE_SEARCH_TYPES_HOOK, order=20)
def centers_in_site_search():
    return SiteSearchType(
        key="centers",
        label=_("Centers"),
        queryset=CenterPage.objects.live(),
        tie_breakers=["name_sort_key", "pk"],
        hit_template="directory/includes/center_search_hit.html",
        more="centers",
    )


@hooks.register(SITE_SEARCH_TYPES_HOOK, order=30)
def events_in_site_search():
    return SiteSearchType(
        key="events",
        label=_("Matchmaking events"),
        queryset=EventPage.objects.live(),
        tie_breakers=["-starts_at", "-pk"],
        hit_template="directory/includes/event_search_hit.html",
    )


@hooks.register(HOME_PAGE_PANELS_HOOK, order=30)
def upcoming_events_panel(request, page):
    return "directory/includes/home_upcoming_events.html", {
        "upcoming_events": upcoming_events(locale=page.locale, at=timezone.now(), limit=4)
    }
