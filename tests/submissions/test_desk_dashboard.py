"""The review desk on the admin home, and the Art. 10 rule it relies on: 公示 ending within 2 working days."""

import datetime as dt
import re
from types import SimpleNamespace
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from notices.models import PublicityNotice
from notices.windows import CHINA
from submissions import review
from tests import factories
from tests.factories import application, objection

# Working days read the holiday schedules staff enter; one world for the module (built once, a savepoint per
# test): the panels read the same accounts, round and 公示.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_world_per_module")]


def at(day: str, hour=10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=CHINA)


def notice(starts: str, ends: str):
    return SimpleNamespace(period_starts_on=dt.date.fromisoformat(starts), period_ends_on=dt.date.fromisoformat(ends))


# --- The rule, at its edges ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "ends", "soon"),
    [
        # Thursday 2025-10-09 is a working day; the next is Friday 10-10; Saturday 10-11 is a 调休 working day.
        ("2025-10-09", "2025-10-09", True),  # ends today
        ("2025-10-09", "2025-10-10", True),  # the second working day
        ("2025-10-09", "2025-10-11", False),  # the third working day (调休 Saturday)
        ("2025-10-09", "2025-10-08", False),  # already ended
        # Tuesday 2025-09-30: the National Day holiday follows, so the second working day is 10-09.
        ("2025-09-30", "2025-10-05", True),
        ("2025-09-30", "2025-10-09", True),
        ("2025-09-30", "2025-10-10", False),
        # Friday 2025-11-14: the weekend is skipped, Monday 11-17 is the second working day.
        ("2025-11-14", "2025-11-17", True),
        ("2025-11-14", "2025-11-18", False),
        # On a Saturday that is not a working day, the two working days are Monday and Tuesday.
        ("2025-11-15", "2025-11-18", True),
        ("2025-11-15", "2025-11-19", False),
    ],
)
def test_publicity_ending_within_two_working_days(today, ends, soon):
    assert review.is_publicity_ending_soon(notice("2025-09-01", ends), at=at(today)) is soon


def test_a_publicity_not_yet_started_is_not_ending_soon():
    assert not review.is_publicity_ending_soon(notice("2025-10-10", "2025-10-10"), at=at("2025-10-09"))


def test_the_last_minute_of_the_end_day_still_counts():
    assert review.is_publicity_ending_soon(
        notice("2025-10-01", "2025-10-09"), at=at("2025-10-09", 23) + dt.timedelta(minutes=59)
    )
    assert not review.is_publicity_ending_soon(notice("2025-10-01", "2025-10-09"), at=at("2025-10-10", 0))


def test_the_queryset_filter_agrees_with_the_python_check(site_tree):
    home = site_tree["home"]
    cases = [
        ("2025-09-20", "2025-10-09"),
        ("2025-09-20", "2025-10-10"),
        ("2025-09-20", "2025-10-11"),
        ("2025-10-10", "2025-10-12"),
    ]
    for i, (starts, ends) in enumerate(cases):
        factories.publicity_notice(
            home, slug=f"p{i}", starts_on=dt.date.fromisoformat(starts), ends_on=dt.date.fromisoformat(ends)
        )
    moment = at("2025-10-09")
    by_q = set(PublicityNotice.objects.filter(review.publicity_ending_soon_q(at=moment)).values_list("slug", flat=True))
    by_python = {n.slug for n in PublicityNotice.objects.all() if review.is_publicity_ending_soon(n, at=moment)}
    assert by_q == by_python == {"p0", "p1"}


# --- The panel -------------------------------------------------------------------------------------


def panel(response) -> str:
    body = response.content.decode()
    assert response.status_code == 200
    if 'id="review-desk-heading"' not in body:
        return ""
    section = body.split('id="review-desk-heading"')[1].split("</section>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


@pytest.fixture
def ending_today(world):
    today = timezone.localdate()
    publicity = factories.publicity_notice(
        world.home, slug="ending-today", title="今日结束的公示", starts_on=today - dt.timedelta(days=6), ends_on=today
    )
    for _ in range(2):
        objection(publicity)
    return publicity


def test_editor_sees_open_rounds_ending_publicity_and_what_waits(world, as_user, ending_today):
    text = panel(as_user(world.user("editor")).get("/admin/"))
    assert re.search(re.escape(world.round.title) + r" \S+ \S+ 3 ", text)  # A, B and the assigned one; no draft
    assert re.search(r"今日结束的公示 \S+ · Closes today 2 ", text)
    assert world.publicity.title not in text  # ends in five days
    assert "in expert review : 1" in text


def test_city_reviewer_counts_only_their_area(world, as_user, ending_today):
    text = panel(as_user(world.user("nanchang")).get("/admin/"))
    assert re.search(re.escape(world.round.title) + r" \S+ \S+ 1 ", text)
    assert "received : 1" in text
    assert "今日结束的公示" not in text  # objections are not theirs


def test_handler_sees_objections_waiting(world, as_user, ending_today):
    text = panel(as_user(world.user("handler")).get("/admin/"))
    assert "received : 3" in text  # the world's objection and the two on the ending 公示
    assert re.search(r"今日结束的公示 \S+ · Closes today 2 ", text)


def test_what_waits_reads_in_the_languages_punctuation(world, as_user, ending_today):
    client = as_user(world.user("handler"))
    english = panel(client.get("/admin/"))
    assert "received : 3 (objections)" in english
    world.user("handler").wagtail_userprofile.preferred_language = "zh-hans"
    world.user("handler").wagtail_userprofile.save()
    chinese = client.get("/admin/").content.decode()
    assert re.search(r">已受理</a>：<strong>3</strong>（异议）", chinese)


def test_staff_without_a_desk_role_get_no_panel(world, as_user):
    assert panel(as_user(world.user("clerk")).get("/admin/")) == ""


def test_dashboard_query_count_does_not_grow_with_the_data(world, as_user, ending_today):
    client = as_user(world.user("editor"))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/admin/")
        return len(ctx)

    count()  # warm the per-process caches (content types, site settings)
    small = count()
    for _ in range(20):
        application(world.round, world.ganzhou_area)
        objection(ending_today)
    assert count() == small


def test_the_desk_says_when_ending_soon_reaches_a_year_nobody_entered(world, as_user):
    with translation.override("en"):
        warning = review.publicity_ending_soon_warning(dt.date(2026, 12, 31))
    assert "2027" in warning and "Settings → Holiday calendar" in warning
    assert review.publicity_ending_soon_last_day(dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)  # weekdays only
    moment = at("2026-12-31")
    with mock.patch("django.utils.timezone.now", return_value=moment):
        client = as_user(world.user("editor"))  # logged in at that moment, so the session is fresh
        response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The official holiday calendar for 2027 is not known yet" in body
    assert review.publicity_ending_soon_warning(dt.date(2026, 12, 21)) == ""
