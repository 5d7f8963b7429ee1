"""Event registrations behind the scenes: capacity under 50 simultaneous registrations (PostgreSQL), the
reminder the day before (idempotent, a failing address does not block the others), erasure by the same
command as objections, and the organiser's admin screens (counts, XLSX export, messages)."""

import datetime as dt
import io
import threading
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from openpyxl import load_workbook

from directory.models import CenterManager
from home.roles import CENTER_MANAGERS
from submissions import services
from submissions.models import EventRegistration, RegistrantMessage, RegistrationState
from tests import factories

CONFIRMED, WAITING, CANCELLED = RegistrationState.CONFIRMED, RegistrationState.WAITING, RegistrationState.CANCELLED


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises every writer, so it cannot show row-lock behaviour; run with DATABASE_URL=postgres://…",
)
def test_fifty_simultaneous_registrations_for_the_last_five_places_never_overbook(site_tree):
    event = factories.registration_event(site_tree["home"], capacity=20)
    for _ in range(15):
        factories.registration(event)
    now = timezone.now()
    start = threading.Barrier(50)
    errors = []

    def worker(n):
        try:
            start.wait()
            services.registration_create(
                event=event,
                data=factories.registration_data(email=f"p{n}@example.com"),
                at=now,
                language="zh-hans",
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    new = EventRegistration.objects.filter(email__startswith="p")
    assert new.filter(state=CONFIRMED).count() == 5
    assert new.filter(state=WAITING).count() == 45
    assert sum(r.attendees for r in EventRegistration.objects.filter(state=CONFIRMED)) == 20
    waiting = list(new.filter(state=WAITING).order_by("submitted_at", "pk"))
    assert len({r.receipt_number for r in new}) == 50
    # The first to wait is the first to move up.
    first_confirmed = EventRegistration.objects.filter(state=CONFIRMED).order_by("pk").first()
    promoted = services.registration_cancel(registration=first_confirmed, at=timezone.now())
    assert [r.pk for r in promoted] == [waiting[0].pk]


# --- Reminders -------------------------------------------------------------------------------------


@pytest.fixture
def tomorrow_event(home):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return factories.registration_event(
        home, starts_at=factories.china(tomorrow, 0, 30), deadline=factories.china(tomorrow, 0, 0)
    )


@pytest.mark.django_db
def test_the_reminder_goes_once_to_each_confirmed_registrant_of_tomorrows_events(home, tomorrow_event):
    confirmed = factories.registration(tomorrow_event, email="yes@example.com")
    factories.registration(tomorrow_event, state=WAITING, email="waiting@example.com")
    factories.registration(tomorrow_event, state=CANCELLED, email="cancelled@example.com")
    later = factories.registration_event(home, starts_at=timezone.now() + dt.timedelta(days=3))
    factories.registration(later, email="later@example.com")

    out = StringIO()
    call_command("send_event_reminders", stdout=out)
    call_command("send_event_reminders", stdout=out)
    assert [m.to for m in mail.outbox] == [["yes@example.com"]]
    assert tomorrow_event.title in mail.outbox[0].subject
    assert "Sent 1 event reminder" in out.getvalue() and "Sent 0 event reminder" in out.getvalue()
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at is not None


@pytest.mark.django_db
def test_tomorrow_is_the_next_calendar_day_in_china(home):
    """At 23:59 in China an event at 00:30 the day after next is not tomorrow; at 00:00 it is."""
    day = timezone.localdate() + dt.timedelta(days=3)
    event = factories.registration_event(
        home, starts_at=factories.china(day, 0, 30), deadline=factories.china(day, 0, 0)
    )
    factories.registration(event)
    assert services.registrations_send_reminders(at=factories.china(day - dt.timedelta(days=2), 23, 59, 59)) == (0, 0)
    assert services.registrations_send_reminders(at=factories.china(day - dt.timedelta(days=1), 0, 0)) == (1, 0)


@pytest.mark.django_db
def test_a_failing_address_does_not_block_the_others_and_is_tried_again(tomorrow_event, monkeypatch):
    bad = factories.registration(tomorrow_event, email="bad@example.com")
    factories.registration(tomorrow_event, email="good@example.com")
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def refuse_bad(self, messages):
        if any("bad@example.com" in m.to for m in messages):
            raise OSError("mailbox unavailable")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_bad)
    assert services.registrations_send_reminders(at=timezone.now()) == (1, 1)
    assert [m.to for m in mail.outbox] == [["good@example.com"]]
    bad.refresh_from_db()
    assert bad.reminder_sent_at is None
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    assert services.registrations_send_reminders(at=timezone.now()) == (1, 0)
    assert [m.to for m in mail.outbox] == [["good@example.com"], ["bad@example.com"]]


# --- Erasure ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_objection_erasure_command_also_erases_registrations_after_their_event(home, client):
    past = factories.registration_event(
        home, starts_at=timezone.now() - dt.timedelta(days=40), deadline=timezone.now() - dt.timedelta(days=41)
    )
    recent = factories.registration_event(
        home, starts_at=timezone.now() - dt.timedelta(days=5), deadline=timezone.now() - dt.timedelta(days=6)
    )
    old = factories.registration(past, attendees=3, contact_name="王五", email="wang@example.com")
    kept = factories.registration(recent, contact_name="赵六")

    out = StringIO()
    call_command("erase_objection_personal_data", "--registration-days", "30", "--dry-run", stdout=out)
    assert "1 event registration(s)" in out.getvalue()
    old.refresh_from_db()
    assert old.contact_name == "王五"

    call_command("erase_objection_personal_data", "--registration-days", "30", stdout=out)
    old.refresh_from_db(), kept.refresh_from_db()
    assert (old.contact_name, old.unit, old.phone, old.email) == ("", "", "", "")
    assert old.personal_data_erased_at is not None and old.attendees == 3 and old.receipt_number
    assert kept.contact_name == "赵六"
    token = services.registration_cancel_token(old)
    assert client.get(f"/submissions/registrations/cancel/{token}/").status_code == 404


# --- The organiser's screens -----------------------------------------------------------------------


@pytest.fixture
def organised(home):
    event = factories.registration_event(home, capacity=5)
    factories.registration(event, attendees=2, contact_name="甲", unit='=HYPERLINK("http://evil")')
    factories.registration(event, attendees=3, contact_name="乙")
    factories.registration(event, state=WAITING, contact_name="丙")
    factories.registration(event, state=CANCELLED, contact_name="丁")
    return event


@pytest.mark.django_db
def test_the_editor_sees_counts_per_event(as_user, site_tree, organised):
    client = as_user(site_tree["users"]["editor"])
    index = client.get("/admin/event-registrations/")
    assert index.status_code == 200
    (row,) = [e for e in index.context["events"] if e.pk == organised.pk]
    assert (row.confirmed, row.places_taken, row.waiting, row.cancelled, row.places_left) == (2, 5, 1, 1, 0)
    detail = client.get(f"/admin/event-registrations/{organised.pk}/")
    assert detail.status_code == 200
    assert f"/admin/pages/{organised.pk}/edit/" in detail.content.decode()
    assert detail.context["figures"]["places_left"] == 0
    assert "丙" in detail.content.decode()


@pytest.mark.django_db
def test_only_staff_allowed_see_registrations(as_user, site_tree, organised):
    client = as_user(site_tree["users"]["expert"])
    assert client.get("/admin/event-registrations/").status_code in (302, 403)
    assert client.get(f"/admin/event-registrations/{organised.pk}/export.xlsx").status_code in (302, 403)


@pytest.fixture
def two_centers_events(home):
    """Two centers, each organising one event with a registration; `center_staff` runs the first."""
    directory = factories.directory_page(home)
    runs = factories.center(directory, "赣州稀土促进中心")
    other = factories.center(directory, "南昌航空促进中心")
    own = factories.registration_event(home, "稀土对接会", organisers=[runs])
    theirs = factories.registration_event(home, "航空对接会", organisers=[other])
    factories.registration(own, contact_name="甲")
    factories.registration(theirs, contact_name="乙")
    staff = factories.UserFactory(username="center_staff", groups=[CENTER_MANAGERS])
    CenterManager.objects.create(user=staff, center=runs)
    return staff, own, theirs


@pytest.mark.django_db
def test_a_centers_staff_see_export_and_message_only_their_centers_events(as_user, two_centers_events):
    staff, own, theirs = two_centers_events
    client = as_user(staff)
    assert "/admin/event-registrations/" in client.get("/admin/").content.decode()  # the sidebar's menu item
    index = client.get("/admin/event-registrations/")
    assert index.status_code == 200
    assert [e.pk for e in index.context["events"]] == [own.pk]
    detail = client.get(f"/admin/event-registrations/{own.pk}/").content.decode()
    assert "甲" in detail
    assert f"/admin/pages/{own.pk}/edit/" not in detail  # they run the center, they do not edit its pages
    assert client.get(f"/admin/event-registrations/{own.pk}/export.xlsx").status_code == 200
    for url in (f"/admin/event-registrations/{theirs.pk}/", f"/admin/event-registrations/{theirs.pk}/export.xlsx"):
        assert client.get(url).status_code == 404, url
    message = {"subject": "会场变更", "body": "改至三楼。"}
    assert client.post(f"/admin/event-registrations/{theirs.pk}/", message).status_code == 404
    assert not mail.outbox
    assert client.post(f"/admin/event-registrations/{own.pk}/", message).status_code == 302
    assert [m.subject for m in mail.outbox] == ["会场变更"]


@pytest.mark.django_db
def test_the_province_ties_a_centers_staff_to_it_in_the_admin_and_a_city_reviewer_cannot(as_user, site_tree, home):
    center = factories.center(factories.directory_page(home), "赣州稀土促进中心")
    staff = factories.UserFactory(username="new_staff", groups=[CENTER_MANAGERS])
    editor = as_user(site_tree["users"]["editor"], language="zh-hans")
    assert "促进中心管理员" in editor.get("/admin/desk/center-managers/").content.decode()
    response = editor.post("/admin/desk/center-managers/new/", {"user": staff.pk, "center": center.pk})
    assert response.status_code == 302
    assert CenterManager.objects.filter(user=staff, center=center).exists()
    reviewer = as_user(site_tree["users"]["nanchang"])
    assert reviewer.get("/admin/desk/center-managers/").status_code in (302, 403)


@pytest.mark.django_db
def test_staff_without_a_center_see_no_events_and_the_province_sees_every_one(as_user, site_tree, two_centers_events):
    _staff, own, theirs = two_centers_events
    nobody = factories.UserFactory(username="no_center", groups=[CENTER_MANAGERS])
    assert as_user(nobody).get("/admin/event-registrations/").context["events"] == []
    seen = {e.pk for e in as_user(site_tree["users"]["editor"]).get("/admin/event-registrations/").context["events"]}
    assert {own.pk, theirs.pk} <= seen


@pytest.mark.django_db
def test_the_export_is_an_xlsx_of_every_registration_with_formulas_neutralised(as_user, site_tree, organised):
    client = as_user(site_tree["users"]["editor"])
    response = client.get(f"/admin/event-registrations/{organised.pk}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Receipt number", "State", "Name", "Unit")
    assert [row[2] for row in rows[1:]] == ["甲", "乙", "丙", "丁"]
    assert rows[1][3] == '\'=HYPERLINK("http://evil")'
    assert [row[6] for row in rows[1:]] == [2, 3, 1, 1]


@pytest.mark.django_db
def test_the_editor_messages_every_confirmed_registrant_and_it_is_logged(as_user, site_tree, organised):
    client = as_user(site_tree["users"]["editor"])
    response = client.post(
        f"/admin/event-registrations/{organised.pk}/",
        {"subject": "会场变更通知", "body": "会场改至三楼报告厅。"},
    )
    assert response.status_code == 302
    assert sorted(m.subject for m in mail.outbox) == ["会场变更通知", "会场变更通知"]
    assert all("会场改至三楼报告厅。" in m.body for m in mail.outbox)
    log = RegistrantMessage.objects.get()
    assert (log.recipients, log.failures, log.sent_by) == (2, 0, site_tree["users"]["editor"])
    assert "会场变更通知" in client.get(f"/admin/event-registrations/{organised.pk}/").content.decode()


@pytest.mark.django_db
def test_the_demo_has_an_event_open_for_registration(client):
    """(That a second load adds no registration is checked once for every model: tests/home/test_foundation.py.)"""
    call_command("load_demo", stdout=StringIO())
    event = EventRegistration.objects.select_related("event").first().event
    assert event.online_registration and event.starts_at > timezone.now()
    assert EventRegistration.objects.filter(state=CONFIRMED).count() >= 3
    assert client.get(event.url + "register/").status_code == 200
    assert "剩余" in client.get(event.url).content.decode()
