"""One countdown wording, in days, wherever a deadline is shown (home/countdown.py): the notice, the
application and objection forms, the draft email and the desk — never "2 周，5 日"."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from home import countdown
from notices import windows
from tests import factories
from tests.factories import application, application_data, apply_url

pytestmark = pytest.mark.django_db

CHINA = windows.CHINA
NOW = dt.datetime(2026, 6, 10, 9, 0, tzinfo=CHINA)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        (dt.date(2026, 6, 30), "剩余 21 天"),
        (dt.date(2026, 6, 10), "今天截止"),
        (dt.date(2026, 6, 9), "已截止"),
        (dt.datetime(2026, 6, 30, 17, 0, tzinfo=CHINA), "剩余 21 天"),
        (dt.datetime(2026, 7, 1, 0, 0, tzinfo=CHINA), "剩余 21 天"),  # the end of 30 June
        (dt.datetime(2026, 6, 10, 17, 0, tzinfo=CHINA), "今天截止"),
        (dt.datetime(2026, 6, 10, 8, 0, tzinfo=CHINA), "已截止"),  # earlier today
        (None, ""),
    ],
)
def test_the_wording_in_chinese(deadline, expected):
    with translation.override("zh-hans"):
        assert countdown.countdown(deadline, at=NOW) == expected


def test_the_wording_in_english_and_days_ago():
    with translation.override("en"):
        assert countdown.countdown(dt.date(2026, 6, 30), at=NOW) == "21 days left"
        assert countdown.countdown(dt.date(2026, 6, 11), at=NOW) == "2 days left"
        assert countdown.countdown(dt.date(2026, 6, 10), at=NOW) == "Closes today"
        assert countdown.days_ago(dt.datetime(2026, 6, 1, 12, tzinfo=CHINA), at=NOW) == "9 days ago"
    with translation.override("zh-hans"):
        assert countdown.days_ago(dt.datetime(2026, 6, 1, 12, tzinfo=CHINA), at=NOW) == "9 天前"
        assert countdown.days_ago(NOW, at=NOW) == "今天"


def test_the_application_form_counts_days_like_the_notice(client, home):
    factories.area()
    now = timezone.now()
    notice = factories.application_notice(
        home, opens_at=now - dt.timedelta(days=3), window_last_day=windows.china_today() + dt.timedelta(days=20)
    )
    notice_page = text(client.get(notice.url))
    form_page = text(client.get(apply_url(notice)))
    assert "剩余 21 天" in notice_page
    assert "剩余 21 天" in form_page
    assert "周" not in form_page.split("剩余 21 天")[0][-40:]
    assert not re.search(r"\d+ ?(周|日|小时|分钟)[，,]", form_page)


def test_the_objection_form_counts_days(client, home):
    today = windows.china_today()
    notice = factories.publicity_notice(home, starts_on=today - dt.timedelta(days=2), ends_on=today)
    assert "今天截止" in text(client.get(notice.url))
    assert "今天截止" in text(client.get(notice.url + "objection/"))


def test_the_draft_email_counts_days(client, home, django_capture_on_commit_callbacks):
    factories.area()
    notice = factories.application_notice(
        home, opens_at=timezone.now() - dt.timedelta(days=3), window_last_day=windows.china_today() + dt.timedelta(4)
    )
    data = application_data(action="draft", declaration=None, construction_plan=None)
    for n in range(2, 10):
        data.pop(f"condition_regional_{n}")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(notice), data)
    assert "剩余 5 天" in mail.outbox[-1].body


def test_the_desk_says_when_in_days(world, as_user):
    submitted = application(world.round, world.nanchang_area)
    type(submitted).objects.filter(pk=submitted.pk).update(submitted_at=timezone.now() - dt.timedelta(days=9))
    body = text(as_user(world.user("editor"), language="zh-hans").get(reverse("submissions_application:index")))
    assert "9 天前" in body
    assert not re.search(r"\d+\s*(周|日)[，,]\s*\d+\s*(日|小时)", body)


def test_the_desk_flags_a_duplicate_as_a_warning_not_a_tick(world, as_user):
    flagged = application(world.round, world.nanchang_area, duplicate_flag=True, kind="industry")
    body = as_user(world.user("editor"), language="zh-hans").get(reverse("submissions_application:index")).content
    body = body.decode()
    row = body[body.index(flagged.receipt_number) :]
    row = row[: row.index("</tr>")]
    assert "已有同类中心" in row and "icon-check" not in row
    assert body.count("已有同类中心") == 1
