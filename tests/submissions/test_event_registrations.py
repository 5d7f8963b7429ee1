"""Event registrations (Art. 18): the form while registration is open and refused after it (23:59 vs
00:00 in Asia/Shanghai), capacity and the waiting list, the signed cancel link, the confirmation email
with the .ics, the status lookup, and the event page's places left."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from submissions import services
from submissions.models import EventRegistration, RegistrationState
from tests import factories

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]

CONFIRMED, WAITING, CANCELLED = RegistrationState.CONFIRMED, RegistrationState.WAITING, RegistrationState.CANCELLED


def register_url(event):
    return event.url + "register/"


def register(post, event, **overrides):
    return post(register_url(event), factories.registration_data(**overrides))


def test_a_person_registers_and_sees_a_receipt_with_a_cancel_link(client, post, home):
    starts_at = factories.china(timezone.localdate() + dt.timedelta(days=7), 10)  # ends the same day, at 13:00
    event = factories.registration_event(home, capacity=10, starts_at=starts_at)
    page = client.get(event.url).content.decode()
    assert "10 places left" not in page and "剩余 10 个名额" in page
    form = client.get(register_url(event))
    assert form.status_code == 200 and "报名" in form.content.decode()
    # The form says when, as the card and the event page do (`time_range`): the end's date only on another day.
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    assert starts.date() == ends.date()
    assert f'{starts:%Y-%m-%d %H:%M}</time> – <time datetime="{ends.isoformat()}">{ends:%H:%M}</time>' in (
        form.content.decode()
    )

    response = register(post, event, attendees=3)
    assert response.status_code == 302 and response["Location"] == register_url(event)
    receipt = client.get(register_url(event)).content.decode()
    registration = EventRegistration.objects.get()
    assert registration.state == CONFIRMED and registration.attendees == 3
    assert registration.receipt_number.startswith("BM-") and registration.receipt_number in receipt
    assert "/submissions/registrations/cancel/" in receipt
    assert "剩余 7 个名额" in client.get(event.url).content.decode()
    # The receipt is shown once; the form comes back after that.
    assert registration.receipt_number not in client.get(register_url(event)).content.decode()


def test_the_confirmation_email_attaches_the_events_ics_and_the_cancel_link(post, home):
    event = factories.registration_event(home)
    register(post, event, email="li@example.com")
    (message,) = mail.outbox
    assert message.to == ["li@example.com"]
    assert event.title in message.subject
    assert "/submissions/registrations/cancel/" in message.body
    (filename, content, mimetype) = message.attachments[0]
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)


def test_bad_input_is_shown_beside_the_field_and_kept(post, home):
    event = factories.registration_event(home)
    response = register(post, event, phone="12345", attendees=0, unit="某某单位")
    assert response.status_code == 200
    body = response.content.decode()
    assert "某某单位" in body
    assert set(response.context["form"].errors) == {"phone", "attendees"}
    assert not EventRegistration.objects.exists()


def test_when_full_registrations_join_the_waiting_list_in_order_and_move_up_on_cancel(
    post, home, django_capture_on_commit_callbacks
):
    event = factories.registration_event(home, capacity=3)
    register(post, event, attendees=2, email="a@example.com")
    register(post, event, attendees=2, email="b@example.com")  # 1 place left: waits
    register(post, event, attendees=1, email="c@example.com")  # fits, but b waits first: waits too
    a, b, c = EventRegistration.objects.order_by("pk")
    assert [a.state, b.state, c.state] == [CONFIRMED, WAITING, WAITING]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=a, at=timezone.now())
    assert [r.pk for r in promoted] == [b.pk, c.pk]
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert [a.state, b.state, c.state] == [CANCELLED, CONFIRMED, CONFIRMED]
    assert {m.to[0] for m in mail.outbox} == {"a@example.com", "b@example.com", "c@example.com"}


def test_promotion_stops_at_the_first_registration_that_does_not_fit(home):
    event = factories.registration_event(home, capacity=4)
    first = factories.registration(event, attendees=2)
    factories.registration(event, attendees=2)
    big = factories.registration(event, state=WAITING, attendees=3)
    small = factories.registration(event, state=WAITING, attendees=1)
    assert services.registration_cancel(registration=first, at=timezone.now()) == []
    big.refresh_from_db(), small.refresh_from_db()
    assert (big.state, small.state) == (WAITING, WAITING)


def test_raising_the_capacity_moves_the_waiting_list_up(home, django_capture_on_commit_callbacks):
    event = factories.registration_event(home, capacity=1)
    factories.registration(event)
    waiting = factories.registration(event, state=WAITING, email="waiting@example.com")
    event.capacity = 2
    event.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.waiting_list_refill(event=event, at=timezone.now()) == [waiting]
    waiting.refresh_from_db()
    assert waiting.state == CONFIRMED and waiting.promoted_at is not None
    assert [m.to for m in mail.outbox] == [["waiting@example.com"]]


def test_the_cancel_link_cancels_after_confirming_and_a_forged_one_is_refused(client, post, home):
    event = factories.registration_event(home, capacity=1)
    register(post, event, email="first@example.com")
    register(post, event, email="second@example.com")
    first, second = EventRegistration.objects.order_by("pk")
    token = services.registration_cancel_token(first)
    url = f"/submissions/registrations/cancel/{token}/"

    assert client.get(url).status_code == 200
    first.refresh_from_db()
    assert first.state == CONFIRMED, "opening the link (as mail scanners do) must not cancel"

    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (forged, "not-a-token", services.registration_cancel_token(first).replace(":", "x", 1)):
        response = post(f"/submissions/registrations/cancel/{bad}/", {})
        assert response.status_code == 404
        assert "链接无效" in response.content.decode()
    first.refresh_from_db()
    assert first.state == CONFIRMED

    response = post(url, {})
    assert response.status_code == 200 and "已取消" in response.content.decode()
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.state, second.state) == (CANCELLED, CONFIRMED)
    assert post(url, {}).status_code == 200  # a second cancel changes nothing
    assert EventRegistration.objects.filter(state=CONFIRMED).count() == 1


def test_closed_registration_is_refused_by_the_server_and_nothing_is_stored(client, post, home):
    starts = timezone.now() + dt.timedelta(days=3)
    event = factories.registration_event(home, starts_at=starts, deadline=timezone.now() - dt.timedelta(minutes=5))
    page = client.get(register_url(event))
    assert page.status_code == 200 and "网上报名已截止" in page.content.decode()
    response = register(post, event)
    assert response.status_code == 403
    assert "未被接受" in response.content.decode()
    assert not EventRegistration.objects.exists() and not mail.outbox

    offline = factories.registration_event(home, online_registration=False)
    assert register(post, offline).status_code == 403
    assert not EventRegistration.objects.exists()
    assert "register/" not in client.get(offline.url).content.decode()


@pytest.mark.parametrize(
    ("hour", "minute", "second", "day_after", "accepted"),
    [(23, 59, 0, 0, True), (23, 59, 59, 0, True), (0, 0, 0, 1, False), (0, 0, 1, 1, False)],
)
def test_the_deadline_is_judged_to_the_minute_in_china(
    post, home, monkeypatch, hour, minute, second, day_after, accepted
):
    deadline_day = timezone.localdate() + dt.timedelta(days=5)
    event = factories.registration_event(
        home,
        starts_at=factories.china(deadline_day + dt.timedelta(days=2), 9),
        deadline=factories.china(deadline_day, 23, 59),
    )
    at = factories.china(deadline_day + dt.timedelta(days=day_after), hour, minute, second)
    monkeypatch.setattr(timezone, "now", lambda: at)
    response = register(post, event)
    assert response.status_code == (302 if accepted else 403)
    assert EventRegistration.objects.exists() is accepted


def test_both_language_versions_share_one_capacity(client, post, home, locales):
    event = factories.registration_event(home, capacity=2)
    english = event.copy_for_translation(locales[1], copy_parents=True, alias=False)
    english.title = "Rare earth matchmaking"
    english.save_revision().publish()
    english.refresh_from_db()
    # Each hint in the visitor's language (a lazy text %-formatted at import was in Chinese for everyone).
    assert "Including you; at most 10 people." in client.get(english.url + "register/").content.decode()
    assert "含您本人，最多 10 人。" in client.get(register_url(event)).content.decode()
    register(post, event)
    with_en = client.get(english.url + "register/")
    assert with_en.status_code == 200
    post(english.url + "register/", factories.registration_data(email="en@example.com"))
    en_registration = EventRegistration.objects.get(email="en@example.com")
    assert en_registration.event_id == event.pk and en_registration.language == "en"
    assert "full" in client.get(english.url).content.decode()


def test_the_status_lookup_finds_a_registration(client, post, home):
    event = factories.registration_event(home)
    register(post, event)
    receipt = client.get(register_url(event)).context["receipt"]
    response = client.post(
        "/submissions/status/",
        {"receipt_number": receipt["receipt_number"], "access_code": receipt["access_code"]},
    )
    body = response.content.decode()
    assert response.status_code == 200 and event.title in body and "已确认" in body


def test_a_form_sent_twice_stores_one_registration(post, home):
    event = factories.registration_event(home)
    data = factories.registration_data(form_token="a-one-time-token-0123456789")
    post(register_url(event), data)
    post(register_url(event), data)
    assert EventRegistration.objects.count() == 1


def test_event_pages_show_places_left_with_constant_queries(client, home):
    event = factories.registration_event(home, capacity=50)
    factories.events_page(home)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    count(event.url), count("/events/"), count(register_url(event))  # warm the per-process caches
    before = (count(event.url), count("/events/"), count(register_url(event)))
    for n in range(6):
        factories.registration(event, attendees=2)
        factories.registration_event(home, f"对接会{n}", capacity=10)
    after = (count(event.url), count("/events/"), count(register_url(event)))
    assert after == before
    assert "剩余 38 个名额" in client.get(event.url).content.decode()


def test_events_list_cards_show_capacity_deadline_and_the_registration_link(client, home):
    event = factories.registration_event(home, capacity=80)
    body = client.get("/events/").content.decode()
    assert "80 个名额" in body
    assert event.registration_deadline.astimezone(factories.CHINA).strftime("%Y-%m-%d %H:%M") in body
    assert f'href="{register_url(event)}"' in body
