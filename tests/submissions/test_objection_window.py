"""Objections only while the 公示 is open: boundaries judged by notices.windows (Asia/Shanghai, end day
included), refused on the server with a clear page, nothing stored."""

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from submissions.models import Objection
from tests import factories
from tests.factories import objection_data

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]
CHINA = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def fixed_publicity(home):
    return factories.publicity_notice(home, starts_on=dt.date(2025, 9, 29), ends_on=dt.date(2025, 10, 11), slug="fixed")


def post_at(post, notice, moment):
    with mock.patch("submissions.views.timezone.now", return_value=moment):
        return post(notice.url + "objection/", objection_data(notice))


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (dt.datetime(2025, 9, 28, 23, 59, 59, tzinfo=CHINA), False),
        (dt.datetime(2025, 9, 29, 0, 0, tzinfo=CHINA), True),
        (dt.datetime(2025, 10, 11, 23, 59, 59, tzinfo=CHINA), True),
        (dt.datetime(2025, 10, 12, 0, 0, tzinfo=CHINA), False),
        # 2025-10-11 16:30 UTC is already 10-12 in China: late.
        (dt.datetime(2025, 10, 11, 16, 30, tzinfo=dt.UTC), False),
    ],
)
def test_objection_window_boundaries(post, fixed_publicity, moment, accepted):
    response = post_at(post, fixed_publicity, moment)
    assert (response.status_code == 302) is accepted
    assert Objection.objects.exists() is accepted
    if not accepted:
        assert response.status_code == 403


def test_an_ended_publicity_explains_it_is_closed_and_when_it_ran(client, home):
    today = dt.date.today()
    ended = factories.publicity_notice(
        home, starts_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=13), slug="ended"
    )
    response = client.get(ended.url + "objection/")
    body = response.content.decode()
    assert response.status_code == 200
    assert (today - dt.timedelta(days=13)).isoformat() in body
    assert 'name="real_name"' not in body


def test_a_post_to_an_ended_publicity_is_refused_and_nothing_is_stored(post, home):
    today = dt.date.today()
    ended = factories.publicity_notice(
        home, starts_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=13), slug="ended"
    )
    response = post(ended.url + "objection/", {**objection_data(ended), "evidence": [factories.png()]})
    assert response.status_code == 403
    assert 'role="alert"' in response.content.decode()
    assert not Objection.objects.exists()


def test_a_publicity_not_yet_started_says_when_it_starts(client, home):
    today = dt.date.today()
    future = factories.publicity_notice(
        home, starts_on=today + dt.timedelta(days=3), ends_on=today + dt.timedelta(days=9), slug="future"
    )
    body = client.get(future.url + "objection/").content.decode()
    assert (today + dt.timedelta(days=3)).isoformat() in body
    assert 'name="real_name"' not in body
