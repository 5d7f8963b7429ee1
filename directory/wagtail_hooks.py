"""Registration only: the views of the directory's pages (`directory.views`); the directory's snippets; the
lifecycle desk's viewset, URLs, menu and home panel (Art. 15–17) and the import screen, all defined in
`directory.admin_views`; centers and events in site search and the home page."""

from django.urls import include, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from directory import figures, views
from directory.admin_views import import_urls
from directory.admin_views import urls as lifecycle_urls
from directory.admin_views.access import can_use_lifecycle_desk
from directory.admin_views.menus import import_menu_item, lifecycle_menu_item
from directory.admin_views.panels import NeedsActionPanel
from directory.admin_views.viewsets import DirectoryViewSetGroup, revocation_viewset
from directory.listing import home_events_context
from directory.models import CenterPage, CenterStatus, EventPage
from directory.models.centers import (
    CENTER_CONTEXT_HOOK,
    DIRECTORY_EXPORT_CSV_HOOK,
    DIRECTORY_EXPORT_JSON_HOOK,
    DIRECTORY_LISTING_HOOK,
    DIRECTORY_MAP_HOOK,
)
from directory.models.events import EVENT_CALENDAR_HOOK, EVENT_CONTEXT_HOOK, EVENTS_CALENDAR_HOOK, EVENTS_LISTING_HOOK
from directory.search_documents import CenterDocument, CenterFacetedSearch, EventDocument, EventFacetedSearch
from directory.selectors import next_event_change
from home.cache import NEXT_CHANGE_HOOK as PAGE_CACHE_NEXT_CHANGE_HOOK
from home.figures import FIGURES_SECTIONS_HOOK
from home.search_es.registry import SEARCH_DOCUMENT_TYPES_HOOK, SearchDocumentType
from home.search_views import SITE_SEARCH_TYPES_HOOK, SiteSearchType
from home.selectors import HOME_PAGE_PANELS_HOOK

# The directory's pages ask for their views by these names (home/page_views.py).
hooks.register(DIRECTORY_LISTING_HOOK, views.directory_listing)
hooks.register(DIRECTORY_MAP_HOOK, views.directory_map)
hooks.register(DIRECTORY_EXPORT_CSV_HOOK, views.directory_export_csv)
hooks.register(DIRECTORY_EXPORT_JSON_HOOK, views.directory_export_json)
hooks.register(CENTER_CONTEXT_HOOK, views.center_page_context)
hooks.register(EVENTS_LISTING_HOOK, views.events_listing)
hooks.register(EVENTS_CALENDAR_HOOK, views.events_calendar)
hooks.register(EVENT_CALENDAR_HOOK, views.event_calendar)
hooks.register(EVENT_CONTEXT_HOOK, views.event_page_context)

register_snippet(DirectoryViewSetGroup)


@hooks.register("register_admin_viewset")
def register_revocation_viewset():
    return revocation_viewset


@hooks.register("register_admin_urls")
def register_lifecycle_urls():
    return [
        path("", include(lifecycle_urls, namespace="lifecycle")),
        path("", include(import_urls, namespace="directory_import")),
    ]


@hooks.register("register_admin_menu_item")
def register_lifecycle_menu():
    return lifecycle_menu_item()


@hooks.register("register_admin_menu_item")
def register_import_menu():
    return import_menu_item()


@hooks.register("construct_homepage_panels")
def add_needs_action_panel(request, panels):
    if can_use_lifecycle_desk(request.user):
        panels.append(NeedsActionPanel(request))


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
        # Found and marked, but after the centers still in the programme (the directory hides them by default).
        listed_last=lambda center: center.status == CenterStatus.REVOKED,
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


# Elasticsearch (home.search_es): the documents of centers and events.
@hooks.register(SEARCH_DOCUMENT_TYPES_HOOK)
def centers_on_elasticsearch():
    return SearchDocumentType("centers", CenterPage, CenterDocument, CenterFacetedSearch)


@hooks.register(SEARCH_DOCUMENT_TYPES_HOOK)
def events_on_elasticsearch():
    return SearchDocumentType("events", EventPage, EventDocument, EventFacetedSearch)


@hooks.register(HOME_PAGE_PANELS_HOOK, order=30)
def upcoming_events_panel(request, page):
    return "directory/includes/home_upcoming_events.html", home_events_context(locale=page.locale, at=timezone.now())


hooks.register(FIGURES_SECTIONS_HOOK, figures.center_sections)
hooks.register(FIGURES_SECTIONS_HOOK, figures.rating_section)
hooks.register(FIGURES_SECTIONS_HOOK, figures.event_section)


@hooks.register(PAGE_CACHE_NEXT_CHANGE_HOOK)
def next_event_edge(now):
    """Cached pages end when an event starts, ends or closes its registration (upcoming lists, badges)."""
    return next_event_change(now)
