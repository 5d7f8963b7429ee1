"""The holiday calendar staff maintain (issue 12, finding 1): Settings → Holiday calendar, where a year's
official schedule is entered; working days count from it, it wins over the built-in calendar, and a year
covered by neither is named with where to enter it. Schedules here are made up, never the State Council's."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from notices import working_days
from notices.models import HolidaySchedule, PublicityNotice
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, site_tree):
    user = get_user_model().objects.create_superuser("calendar-admin", "calendar@example.com", "pw")
    client.force_login(user)
    return client


def _schedule_form(year, days):
    return nested_form_data(
        {
            "year": str(year),
            "source": "测试用的虚构安排",
            "days": inline_formset(
                [
                    {"kind": kind, "first_day": first, "last_day": last or "", "occasion": ""}
                    for kind, first, last in days
                ]
            ),
        }
    )


# --- Counting ---------------------------------------------------------------------------------------


def test_a_year_nobody_entered_names_the_year_and_the_screen():
    with pytest.raises(working_days.CalendarNotCovered) as gap:
        working_days.add_working_days(dt.date(2026, 12, 29), 5)
    assert gap.value.year == 2027
    with translation.override("en"):
        assert "2027" in gap.value.message and "Settings → Holiday calendar" in gap.value.message
    assert "设置 → 节假日安排" in gap.value.message  # the site's language by default


def test_a_staff_schedule_counts_holidays_and_tiaoxiu_days():
    factories.holiday_schedule(
        2027, holidays=[(dt.date(2027, 2, 5), dt.date(2027, 2, 11))], working_days=[dt.date(2027, 2, 13)]
    )
    assert not working_days.is_working_day(dt.date(2027, 2, 8))  # a Monday off
    assert working_days.is_working_day(dt.date(2027, 2, 13))  # a Saturday worked
    assert not working_days.is_working_day(dt.date(2027, 2, 14))  # an ordinary Sunday
    assert working_days.is_working_day(dt.date(2027, 2, 12))  # the Friday after the range
    # Thursday 4 Feb, then the holiday; Friday 12, Saturday 13 (调休), Monday 15, Tuesday 16.
    assert working_days.add_working_days(dt.date(2027, 2, 4), 5) == dt.date(2027, 2, 16)


def test_a_staff_entry_wins_over_the_built_in_calendar():
    assert not working_days.is_working_day(dt.date(2026, 10, 2))  # National Day in the built-in calendar
    factories.holiday_schedule(2026, holidays=[dt.date(2026, 10, 1)])  # made up: only 1 October off
    assert working_days.is_working_day(dt.date(2026, 10, 2))
    assert not working_days.is_working_day(dt.date(2026, 10, 1))


# --- The admin screen -------------------------------------------------------------------------------


def test_the_screen_says_which_years_are_known_and_which_are_missing(admin_client):
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 11, 30)):
        body = admin_client.get(reverse("wagtailsnippets_notices_holidayschedule:list")).content.decode()
    assert "2026年：按内置日历计算。" in body
    assert "2027年：尚无安排。" in body


def test_staff_enter_a_year_and_the_screen_and_counting_use_it(admin_client):
    url = reverse("wagtailsnippets_notices_holidayschedule:add")
    response = admin_client.post(
        url, _schedule_form(2027, [("holiday", "2027-01-01", "2027-01-03"), ("working_day", "2027-01-10", None)])
    )
    assert response.status_code == 302
    schedule = HolidaySchedule.objects.get(year=2027)
    assert schedule.days.count() == 2
    assert working_days.add_working_days(dt.date(2026, 12, 29), 5) == dt.date(2027, 1, 5)
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 11, 30)):
        body = admin_client.get(reverse("wagtailsnippets_notices_holidayschedule:list")).content.decode()
    assert "2027年：按此处录入的安排计算。" in body


def test_a_day_outside_the_year_is_refused_beside_the_field(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_notices_holidayschedule:add"),
        _schedule_form(2027, [("holiday", "2026-12-31", "2027-01-01")]),
    )
    assert response.status_code == 200
    assert "2026-12-31 不在 2027 年内：请录入到 2026 年的安排中。" in response.content.decode()
    assert not HolidaySchedule.objects.exists()


def test_a_range_ending_before_it_starts_is_refused(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_notices_holidayschedule:add"),
        _schedule_form(2027, [("holiday", "2027-01-03", "2027-01-01")]),
    )
    assert response.status_code == 200
    assert "最后一天不能早于第一天。" in response.content.decode()


# --- The 公示 editor ------------------------------------------------------------------------------


def _publicity_form(action, **overrides):
    data = {
        "title": "拟认定名单公示",
        "slug": "draft-publicity",
        "published_on": "2026-12-28",
        "issuing_units": "江西省工业和信息化厅",
        "summary": "",
        "period_starts_on": "2026-12-29",
        "working_days": "5",
        "period_ends_on": "",
        "entries": inline_formset([{"proposed_name": "某促进中心", "lead_unit_name": "", "kind": ""}]),
        "objection_instructions": rich_text(""),
        "outcome": rich_text(""),
        "body": streamfield([]),
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
        **overrides,
    }
    if action:
        data[action] = "1"
    return nested_form_data(data)


def test_editor_saves_a_draft_without_end_but_cannot_publish_it_and_is_told_why(admin_client, home):
    index = factories.notice_index(home)
    add_url = reverse("wagtailadmin_pages:add", args=("notices", "publicitynotice", index.pk))
    saved = admin_client.post(add_url, _publicity_form(None))
    assert saved.status_code == 302
    draft = PublicityNotice.objects.get(slug="draft-publicity")
    assert draft.period_ends_on is None and not draft.live

    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    published = admin_client.post(edit_url, _publicity_form("action-publish"))
    assert published.status_code == 200
    body = published.content.decode()
    assert "尚无2027年的官方节假日安排" in body and "设置 → 节假日安排" in body
    draft.refresh_from_db()
    assert not draft.live

    # Once 2027 is entered, saving the draft computes the end and publishing goes through.
    factories.holiday_schedule(2027, holidays=[(dt.date(2027, 1, 1), dt.date(2027, 1, 3))])
    assert admin_client.post(edit_url, _publicity_form("action-publish")).status_code == 302
    draft.refresh_from_db()
    assert draft.live and draft.period_ends_on == dt.date(2027, 1, 5)
