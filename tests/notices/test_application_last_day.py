"""Application windows given by their last day (issue 12, item 9): "accepting applications until the end of
30 June" is entered as that day, stored as the end of it in China time, and shown as such on the notice
page, the form and the desk."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from notices import windows
from notices.models import ApplicationNotice
from tests import factories

pytestmark = pytest.mark.django_db

CHINA = windows.CHINA
LAST = dt.date(2025, 6, 30)


def _notice(**fields):
    return ApplicationNotice(
        title="申报通知",
        slug="apply",
        round_year=2025,
        window_opens_at=dt.datetime(2025, 6, 1, 9, tzinfo=CHINA),
        live=False,
        **fields,
    )


def test_the_last_day_closes_the_window_at_the_end_of_that_day_in_china():
    notice = _notice(window_last_day=LAST)
    notice.clean()
    assert notice.window_closes_at == dt.datetime(2025, 7, 1, tzinfo=CHINA)
    last_second = dt.datetime(2025, 6, 30, 23, 59, 59, tzinfo=CHINA)
    assert windows.application_window_state(notice.window_opens_at, notice.window_closes_at, at=last_second).is_open
    assert not windows.application_window_state(
        notice.window_opens_at, notice.window_closes_at, at=dt.datetime(2025, 7, 1, tzinfo=CHINA)
    ).is_open
    assert windows.application_last_day(notice.window_closes_at) == LAST


def test_neither_last_day_nor_closing_minute_is_refused_beside_the_last_day():
    with pytest.raises(ValidationError) as refusal:
        _notice().clean()
    assert list(refusal.value.message_dict) == ["window_last_day"]


def test_a_last_day_before_the_opening_is_refused():
    with pytest.raises(ValidationError) as refusal:
        _notice(window_last_day=dt.date(2025, 5, 31)).clean()
    assert "window_closes_at" in refusal.value.message_dict


def test_page_form_and_desk_say_until_the_end_of_the_day(client, home, world, as_user):
    last_day = timezone.localdate() + dt.timedelta(days=5)
    notice = factories.application_notice(
        home, closes_at=windows.end_of_day(last_day), window_last_day=last_day, slug="apply-by-day"
    )
    with translation.override("en"):
        expected = f"Applications are accepted until the end of {last_day.isoformat()} (China Standard Time)."
    page = client.get(notice.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "当天" in page or expected in page or last_day.isoformat() in page
    assert last_day.isoformat() in client.get(notice.url + "apply/").content.decode()
    with translation.override("en"):
        assert notice.window_closing_sentence == expected
        assert notice.window_closing_short == f"{last_day.isoformat()} (end of day)"
    desk = as_user(world.user("editor")).get("/admin/").content.decode()
    assert "(end of day)" in desk or "当天结束" in desk


def test_the_migration_reads_a_midnight_closing_as_the_day_before(home):
    opens = dt.datetime(2025, 6, 1, 9, tzinfo=CHINA)
    midnight = factories.application_notice(home, opens_at=opens, closes_at=dt.datetime(2025, 7, 1, tzinfo=CHINA))
    five_pm = factories.application_notice(home, opens_at=opens, closes_at=dt.datetime(2025, 6, 30, 17, tzinfo=CHINA))
    migration = importlib.import_module("notices.migrations.0007_application_window_last_day")
    migration.last_day_for_midnight_closings(apps, None)
    midnight.refresh_from_db()
    five_pm.refresh_from_db()
    assert (midnight.window_last_day, midnight.window_closes_at) == (LAST, dt.datetime(2025, 7, 1, tzinfo=CHINA))
    assert five_pm.window_last_day is None
