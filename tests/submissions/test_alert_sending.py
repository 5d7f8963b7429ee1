"""What the alerts send, to whom and when: the matching rules (kind × area × industry, empty = all), a
notice alerted on publishing and by the job, the daily digest, a 公示 opening, the reminders 7 days and 1
day before a window closes (from midnight Asia/Shanghai) to subscribers and to drafts' owners; never twice,
a failing address not blocking the others, at most the run's limit."""

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from notices import windows
from notices.models import PublicityEntry
from notices.models.topics import Topics
from submissions.alerts.matching import subscription_wants
from submissions.alerts.models import AlertDelivery, Subscription
from submissions.alerts.sending import send_alerts
from submissions.states import ApplicationState
from tests import factories

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]


@pytest.fixture
def places(site_tree):
    return {
        "ganzhou": factories.area("ganzhou", "赣州市"),
        "nanchang": factories.area("nanchang", "南昌市"),
        "rare-earth": factories.industry("rare-earth", "稀土"),
        "electronics": factories.industry("electronics", "电子信息"),
    }


def recipients(subject_part=""):
    return sorted(m.to[0] for m in mail.outbox if subject_part in m.subject)


def ganzhou_publicity(home, places, *, title="赣州市拟认定促进中心公示", **fields):
    entry = PublicityEntry(proposed_name="赣州稀土促进中心", area=places["ganzhou"], industry=places["rare-earth"])
    return factories.publicity_notice(home, title=title, entries=[entry], **fields)


# --- Matching -----------------------------------------------------------------------------------------


GZ_RARE_EARTH = Topics(frozenset({"ganzhou"}), frozenset({"rare-earth"}))
PROVINCE = Topics(frozenset(), frozenset())


@pytest.mark.parametrize(
    ("choices", "kind", "topics", "wanted"),
    [
        ({}, "publicity", GZ_RARE_EARTH, True),  # nothing chosen: everything
        ({"kinds": ["publicity"]}, "publicity", GZ_RARE_EARTH, True),
        ({"kinds": ["publicity"]}, "evaluation", GZ_RARE_EARTH, False),
        ({"areas": ["ganzhou"]}, "publicity", GZ_RARE_EARTH, True),
        ({"areas": ["nanchang"]}, "publicity", GZ_RARE_EARTH, False),
        ({"areas": ["nanchang", "ganzhou"]}, "publicity", GZ_RARE_EARTH, True),
        ({"industries": ["electronics"]}, "publicity", GZ_RARE_EARTH, False),
        (
            {"kinds": ["publicity"], "areas": ["ganzhou"], "industries": ["rare-earth"]},
            "publicity",
            GZ_RARE_EARTH,
            True,
        ),
        (
            {"kinds": ["publicity"], "areas": ["ganzhou"], "industries": ["electronics"]},
            "publicity",
            GZ_RARE_EARTH,
            False,
        ),
        ({"kinds": ["application"], "areas": ["ganzhou"]}, "publicity", GZ_RARE_EARTH, False),
        ({"areas": ["nanchang"], "industries": ["electronics"]}, "application", PROVINCE, True),  # whole province
    ],
)
def test_matching_kind_area_and_industry(choices, kind, topics, wanted):
    assert subscription_wants(Subscription(**choices), kind=kind, topics=topics) is wanted


# --- New notices --------------------------------------------------------------------------------------


def test_publishing_a_notice_alerts_the_subscribers_it_matches(home, places, django_capture_on_commit_callbacks):
    factories.subscription("gz@example.org", kinds=["publicity"], areas=["ganzhou"])
    factories.subscription("all@example.org")
    factories.subscription("nc@example.org", kinds=["publicity"], areas=["nanchang"])
    factories.subscription("bulletins@example.org", kinds=["evaluation"])
    factories.subscription("daily@example.org", frequency="daily")
    factories.subscription("pending@example.org", confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        ganzhou_publicity(home, places)
    assert recipients("赣州市拟认定促进中心公示") == ["all@example.org", "gz@example.org"]
    message = next(m for m in mail.outbox if m.to == ["gz@example.org"])
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("http://testserver/subscribe/unsubscribe/") and unsubscribe in message.body
    assert "/subscribe/manage/" in message.body and "赣州市拟认定促进中心公示" in message.body


def test_an_english_subscriber_reads_english(home, places, django_capture_on_commit_callbacks):
    factories.subscription("en@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        ganzhou_publicity(home, places)
    (message,) = mail.outbox
    assert message.subject.startswith("New publicity") and "Unsubscribe with one click" in message.body
    assert "/en/subscribe/unsubscribe/" in message.body


def test_the_job_sends_what_publishing_did_not_and_never_twice(home, places):
    factories.subscription("a@example.org")
    factories.subscription("b@example.org")
    ganzhou_publicity(home, places)  # the on-publish task did not run (no commit in this test)
    first = send_alerts()
    assert first.sent == 2 and recipients() == ["a@example.org", "b@example.org"]
    second = send_alerts()
    assert second.sent == 0 and second.skipped == 2 and len(mail.outbox) == 2
    assert AlertDelivery.objects.filter(state="sent").count() == 2


def test_notices_published_before_confirming_are_not_sent(home, places):
    ganzhou_publicity(home, places)
    factories.subscription("late@example.org", confirmed_at=timezone.now() + dt.timedelta(seconds=1))
    send_alerts(at=timezone.now() + dt.timedelta(minutes=1))
    assert not mail.outbox


def test_a_failing_address_does_not_block_the_others_and_is_retried(home, places, monkeypatch):
    for email in ("a@example.org", "bad@example.org", "c@example.org"):
        factories.subscription(email)
    ganzhou_publicity(home, places)
    real_send = EmailBackend.send_messages

    def refuse_bad(self, messages):
        if any("bad@example.org" in m.to for m in messages):
            raise OSError("550 mailbox unavailable")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_bad)
    report = send_alerts()
    assert (report.sent, report.failed) == (2, 1)
    assert recipients() == ["a@example.org", "c@example.org"]
    failed = AlertDelivery.objects.get(state="failed")
    assert "550" in failed.error
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    retry = send_alerts()
    assert retry.sent == 1 and recipients() == ["a@example.org", "bad@example.org", "c@example.org"]


def test_a_run_sends_at_most_its_limit_and_the_next_run_the_rest(home, places, settings):
    settings.ALERTS_MAX_PER_RUN = 2
    for n in range(3):
        factories.subscription(f"r{n}@example.org")
    ganzhou_publicity(home, places)
    assert send_alerts().deferred == 1 and len(mail.outbox) == 2
    assert send_alerts().sent == 1 and len(mail.outbox) == 3


def test_daily_subscribers_get_one_digest_of_yesterday(home, places):
    factories.subscription("daily@example.org", frequency="daily", areas=["ganzhou"])
    factories.subscription("now@example.org", kinds=["evaluation"])
    ganzhou_publicity(home, places, title="公示一")
    ganzhou_publicity(home, places, title="公示二")
    factories.policy_notice(home, title="政策文件")  # policies are not alerted
    tomorrow_morning = windows.start_of_day(timezone.localdate() + dt.timedelta(days=1)) + dt.timedelta(hours=1)
    send_alerts(at=tomorrow_morning)
    send_alerts(at=tomorrow_morning + dt.timedelta(minutes=5))
    (digest,) = mail.outbox
    assert digest.to == ["daily@example.org"] and "公示一" in digest.body and "公示二" in digest.body
    assert "政策文件" not in digest.body


def test_a_publicity_opening_in_the_subscribers_area(home, places):
    factories.subscription("gz@example.org", kinds=["publicity"], areas=["ganzhou"], frequency="daily")
    factories.subscription("nc@example.org", kinds=["publicity"], areas=["nanchang"])
    today = timezone.localdate()
    notice = ganzhou_publicity(
        home, places, title="下周公示", starts_on=today + dt.timedelta(days=3), ends_on=today + dt.timedelta(days=9)
    )
    assert not [m for m in mail.outbox if "公示开始" in m.subject]
    send_alerts(at=windows.start_of_day(notice.period_starts_on) + dt.timedelta(hours=8))
    assert recipients("公示开始") == ["gz@example.org"]


# --- Reminders before a window closes -----------------------------------------------------------------


@pytest.fixture
def closing_round(home, places):
    last_day = timezone.localdate() + dt.timedelta(days=20)
    return factories.application_notice(
        home,
        title="2026年度申报通知",
        opens_at=timezone.now() - dt.timedelta(days=1),
        closes_at=windows.end_of_day(last_day),
        window_last_day=last_day,
    )


def test_reminders_7_days_and_1_day_before_closing_at_shanghai_midnight(closing_round):
    factories.subscription("rounds@example.org", kinds=["application"])
    factories.subscription("bulletins@example.org", kinds=["evaluation"])
    last_day = closing_round.window_last_day
    seven = windows.start_of_day(last_day - dt.timedelta(days=6))  # 7 days left, as the notice shows
    one = windows.start_of_day(last_day)  # the last day: 24 hours left
    assert seven.utcoffset() == dt.timedelta(hours=8) and seven.time() == dt.time(0, 0)
    second = dt.timedelta(seconds=1)

    send_alerts(at=seven - second)
    assert not mail.outbox
    send_alerts(at=seven)
    assert recipients("7 天") == ["rounds@example.org"]
    send_alerts(at=one - second)
    assert len(mail.outbox) == 1
    send_alerts(at=one)
    send_alerts(at=one + dt.timedelta(hours=3))
    assert recipients("1 天") == ["rounds@example.org"] and len(mail.outbox) == 2
    send_alerts(at=closing_round.window_closes_at)
    assert len(mail.outbox) == 2


def test_drafts_owners_are_reminded_with_their_private_link(closing_round, places):
    draft = factories.application(
        closing_round, places["ganzhou"], state=ApplicationState.DRAFT, receipt_number=None, email="owner@example.org"
    )
    factories.application(closing_round, places["ganzhou"], email="done@example.org")  # submitted
    factories.subscription("owner@example.org", kinds=["application"])  # one message, not two
    send_alerts(at=windows.start_of_day(closing_round.window_last_day - dt.timedelta(days=6)))
    (message,) = mail.outbox
    assert message.to == ["owner@example.org"] and "apply/?draft=" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert draft.receipt_number is None


def test_a_drafts_owner_who_unsubscribed_is_not_reminded(client, closing_round, places):
    factories.application(
        closing_round, places["ganzhou"], state=ApplicationState.DRAFT, receipt_number=None, email="owner@example.org"
    )
    send_alerts(at=windows.start_of_day(closing_round.window_last_day - dt.timedelta(days=6)))
    (message,) = mail.outbox
    client.post(message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver"))
    send_alerts(at=windows.start_of_day(closing_round.window_last_day))
    assert len(mail.outbox) == 1
