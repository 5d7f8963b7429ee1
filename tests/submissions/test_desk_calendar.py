"""The review desk where the official holiday calendar runs out (issue 12, finding 1): drafting a 公示
whose working days reach a year neither chinese-calendar nor staff have entered creates the draft without
an end date and tells the editor which year is missing and where to enter it; once staff enter that
year's schedule, the same draft ends on the right day."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from notices.models import PublicityNotice
from tests import factories
from tests.factories import application

pytestmark = pytest.mark.django_db

DRAFT_URL = "submissions_application:publicity_draft"


def _draft_on(client, world, day):
    with mock.patch("django.utils.timezone.localdate", return_value=day):
        return client.post(reverse(DRAFT_URL), {"round": world.round.pk}, follow=True)


def test_drafting_on_2026_12_28_without_a_2027_calendar_saves_a_draft_without_end_and_says_why(world, as_user):
    application(world.round, world.nanchang_area, state="in_publicity", proposed_name="南昌甲促进中心")
    client = as_user(world.user("editor"))
    response = _draft_on(client, world, dt.date(2026, 12, 28))
    assert response.status_code == 200
    draft = PublicityNotice.objects.exclude(pk=world.publicity.pk).get()
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert draft.period_starts_on == dt.date(2026, 12, 29)
    assert draft.period_ends_on is None and draft.working_days == 5  # the length kept for when 2027 is entered
    body = response.content.decode()
    assert "The official holiday calendar for 2027 is not known" in body
    assert "Settings → Holiday calendar" in body


def test_with_a_2027_schedule_entered_by_staff_the_same_draft_ends_on_the_right_day(world, as_user):
    # A made-up 2027 schedule, not the State Council's: 1–3 January off, Sunday 10 January worked.
    factories.holiday_schedule(
        2027, holidays=[(dt.date(2027, 1, 1), dt.date(2027, 1, 3))], working_days=[dt.date(2027, 1, 10)]
    )
    application(world.round, world.nanchang_area, state="in_publicity")
    response = _draft_on(as_user(world.user("editor")), world, dt.date(2026, 12, 28))
    draft = PublicityNotice.objects.exclude(pk=world.publicity.pk).get()
    # 29, 30, 31 December 2026; 1–3 January off; Monday 4 and Tuesday 5 January: five working days.
    assert (draft.period_starts_on, draft.period_ends_on, draft.working_days) == (
        dt.date(2026, 12, 29),
        dt.date(2027, 1, 5),
        5,
    )
    assert "is not known" not in response.content.decode()


def test_the_draft_without_an_end_date_can_be_saved_as_a_draft_but_not_published(world, as_user):
    application(world.round, world.nanchang_area, state="in_publicity")
    client = as_user(world.user("editor"))
    _draft_on(client, world, dt.date(2026, 12, 28))
    draft = PublicityNotice.objects.exclude(pk=world.publicity.pk).get()
    draft.title = "改过的标题"
    revision = draft.save_revision()  # saving the draft again runs clean() without complaint
    assert revision.as_object().period_ends_on is None
    draft.live = True
    with pytest.raises(ValidationError) as refusal:
        draft.full_clean()
    assert "2027" in refusal.value.message_dict["working_days"][0]
