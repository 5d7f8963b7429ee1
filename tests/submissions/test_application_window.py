"""Applications only while the round's window is open: from the opening minute to (not including) the
closing minute, judged by notices.windows; refused on the server, nothing stored."""

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from submissions.models import Application
from tests import factories
from tests.factories import application_data, apply_url

pytestmark = pytest.mark.django_db
CHINA = ZoneInfo("Asia/Shanghai")
OPENS = dt.datetime(2025, 6, 1, 9, 0, tzinfo=CHINA)
CLOSES = dt.datetime(2025, 6, 30, 17, 0, tzinfo=CHINA)


@pytest.fixture
def fixed_round(home):
    factories.area()
    return factories.application_notice(home, opens_at=OPENS, closes_at=CLOSES, slug="fixed-round")


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (OPENS - dt.timedelta(seconds=1), False),
        (OPENS, True),
        (CLOSES - dt.timedelta(seconds=1), True),
        (CLOSES, False),
    ],
)
def test_application_window_boundaries(post, fixed_round, moment, accepted):
    with mock.patch("submissions.views.timezone.now", return_value=moment):
        response = post(apply_url(fixed_round), application_data())
    assert (response.status_code == 302) is accepted
    assert Application.objects.exists() is accepted


def test_closed_round_says_when_it_opened_and_closed(client, fixed_round):
    with mock.patch("submissions.views.timezone.now", return_value=CLOSES + dt.timedelta(days=1)):
        response = client.get(apply_url(fixed_round))
    body = response.content.decode()
    assert "2025-06-01 09:00" in body and "2025-06-30 17:00" in body
    assert 'name="lead_unit_name"' not in body


def test_round_not_yet_open_says_when_it_opens(client, fixed_round):
    with mock.patch("submissions.views.timezone.now", return_value=OPENS - dt.timedelta(days=2)):
        body = client.get(apply_url(fixed_round)).content.decode()
    assert "2025-06-01 09:00" in body and 'name="lead_unit_name"' not in body


def test_receipt_year_is_the_china_year_of_submission(post, home):
    factories.area()
    notice = factories.application_notice(
        home,
        opens_at=dt.datetime(2025, 12, 1, tzinfo=CHINA),
        closes_at=dt.datetime(2026, 1, 10, tzinfo=CHINA),
        slug="new-year",
    )
    # 2025-12-31 16:30 UTC is 2026-01-01 00:30 in China.
    with mock.patch("submissions.views.timezone.now", return_value=dt.datetime(2025, 12, 31, 16, 30, tzinfo=dt.UTC)):
        post(apply_url(notice), application_data())
    assert Application.objects.get().receipt_number == "SB-2026-000001"
