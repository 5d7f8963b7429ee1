"""The directory's pages ask for their views by Wagtail hook name (home/page_views.py): each name is registered
once, by the module that owns the view; a route whose view is missing answers 404 and a page whose context is
missing fails loudly, never rendering an empty page."""

from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks

from directory import views
from directory.models.centers import (
    CENTER_CHANGE_REPORT_FORM_HOOK,
    CENTER_CONTEXT_HOOK,
    CENTER_EVALUATION_FORM_HOOK,
    DIRECTORY_EXPORT_CSV_HOOK,
    DIRECTORY_EXPORT_JSON_HOOK,
    DIRECTORY_LISTING_HOOK,
    DIRECTORY_MAP_HOOK,
)
from directory.models.events import (
    EVENT_CALENDAR_HOOK,
    EVENT_CONTEXT_HOOK,
    EVENT_REGISTRATION_FORM_HOOK,
    EVENTS_CALENDAR_HOOK,
    EVENTS_LISTING_HOOK,
)
from tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_shell_per_module")


def test_each_page_view_is_registered_once_by_the_module_that_owns_it():
    from submissions import evaluation_views
    from submissions import views as submission_views
    from submissions.registrations import views as registration_views

    owners = {
        DIRECTORY_LISTING_HOOK: views.directory_listing,
        DIRECTORY_MAP_HOOK: views.directory_map,
        DIRECTORY_EXPORT_CSV_HOOK: views.directory_export_csv,
        DIRECTORY_EXPORT_JSON_HOOK: views.directory_export_json,
        CENTER_CONTEXT_HOOK: views.center_page_context,
        EVENTS_LISTING_HOOK: views.events_listing,
        EVENTS_CALENDAR_HOOK: views.events_calendar,
        EVENT_CALENDAR_HOOK: views.event_calendar,
        EVENT_CONTEXT_HOOK: views.event_page_context,
        CENTER_CHANGE_REPORT_FORM_HOOK: submission_views.change_report_form,
        CENTER_EVALUATION_FORM_HOOK: evaluation_views.evaluation_form,
        EVENT_REGISTRATION_FORM_HOOK: registration_views.registration_form,
    }
    assert {name: hooks.get_hooks(name) for name in owners} == {name: [view] for name, view in owners.items()}


def without(*names):
    """The hooks `names` with nothing registered, for the duration."""
    hooks.search_for_hooks()
    return mock.patch.dict(hooks._hooks, dict.fromkeys(names, []))


@pytest.fixture
def pages(site_tree):
    home = site_tree["home"]
    center = f.center(home, "赣州市数字化转型促进中心", slug="ganzhou")
    event = f.event(f.events_page(home), "稀土产业数字化诊断日", slug="diagnosis-day", organisers=[center])
    return {"center": center, "event": event}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hook", "path"),
    [
        (DIRECTORY_LISTING_HOOK, "/centers/"),
        (DIRECTORY_MAP_HOOK, "/centers/map/"),
        (DIRECTORY_EXPORT_CSV_HOOK, "/centers/export.csv"),
        (DIRECTORY_EXPORT_JSON_HOOK, "/centers/export.json"),
        (EVENTS_LISTING_HOOK, "/events/"),
        (EVENTS_CALENDAR_HOOK, "/events/calendar.ics"),
        (EVENT_CALENDAR_HOOK, "/events/diagnosis-day/calendar.ics"),
        (CENTER_CHANGE_REPORT_FORM_HOOK, "/centers/ganzhou/report-change/"),
    ],
)
def test_a_route_whose_view_is_not_registered_is_not_found(client, pages, hook, path):
    assert client.get(path).status_code == 200
    with without(hook):
        assert client.get(path, {"fresh": 1}).status_code == 404  # a new address: the page cache has not seen it


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hook", "path"), [(CENTER_CONTEXT_HOOK, "/centers/ganzhou/"), (EVENT_CONTEXT_HOOK, "/events/diagnosis-day/")]
)
def test_a_page_whose_context_is_not_registered_fails_instead_of_rendering_empty(client, pages, hook, path):
    with without(hook), pytest.raises(ImproperlyConfigured, match=hook):
        client.get(path)
