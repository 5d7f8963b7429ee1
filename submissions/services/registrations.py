"""Registrations for matchmaking events (Art. 18): registering while registration is open, the capacity
held under concurrency, the waiting list, cancelling by a signed link, the reminder the day before, the
organiser's message to registrants, and erasing registrants' personal data after the event (PIPL)."""

import datetime as dt
import logging

from django.core import signing
from django.db import transaction
from django.db.models import Sum
from wagtail.models import Locale

from directory.models import EventPage
from directory.rules import accepts_online_registration
from home.cache import invalidate_public_pages
from notices import windows
from submissions import notifications, receipts
from submissions.models import EventRegistration, ReceiptKind, RegistrantMessage, RegistrationState
from submissions.services.base import Receipt, ensure_form_not_sent, one_submission_per_form

logger = logging.getLogger(__name__)

CANCEL_TOKEN_SALT = "submissions.registration.cancel"


class RegistrationClosed(Exception):
    """Online registration for the event is not open (switched off, past its deadline, or the event has
    started): nothing is stored."""

    def __init__(self, event):
        self.event = event
        super().__init__(str(event))


class CancelRefused(Exception):
    """The registration can no longer be cancelled online (the event has started)."""


def canonical_event(event) -> EventPage:
    """The default-language version of an event: registrations made on any translation are stored
    against it, so both language versions share one capacity, one waiting list and one admin list."""
    default = Locale.get_default()
    if event.locale_id == default.pk:
        return event
    return (event.get_translation_or_none(default) or event).specific


def ensure_registration_open(event, *, at: dt.datetime) -> None:
    """Art. 18 events: refuse a registration unless online registration is on and open at `at` (until
    the end of the deadline's minute, Asia/Shanghai, and never after the start:
    `directory.rules.accepts_online_registration`)."""
    if not accepts_online_registration(event, at=at):
        raise RegistrationClosed(event)


def registration_gets_a_place(*, capacity: int | None, taken: int, waiting: int, attendees: int) -> bool:
    """Capacity: a registration is confirmed when its attendees fit in the places left and nobody is
    already waiting (the waiting list keeps its order); otherwise it joins the waiting list. No capacity
    means no limit."""
    if capacity is None:
        return True
    return waiting == 0 and taken + attendees <= capacity


def _places_taken(event) -> int:
    confirmed = EventRegistration.objects.filter(event=event, state=RegistrationState.CONFIRMED)
    return confirmed.aggregate(n=Sum("attendees"))["n"] or 0


def _lock(event) -> EventPage:
    """The event row, locked until the caller's transaction ends: registrations and cancellations of one
    event wait for each other, so the places are counted and taken as one step (never overbooked)."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def registration_create(*, event, data: dict, at: dt.datetime, language: str, form_token: str | None = None) -> Receipt:
    """Register for an event while online registration is open (checked again once the event row is
    locked): confirmed when the places allow (`registration_gets_a_place`), else on the waiting list. A
    BM receipt number and an access code; the confirmation email carries the event's .ics and the
    cancel link. A second POST of the same form raises AlreadyReceived with the first registration."""
    ensure_form_not_sent(EventRegistration, form_token)
    event = canonical_event(event)
    ensure_registration_open(event, at=at)
    code, code_hash = receipts.new_access_code()
    with one_submission_per_form(EventRegistration, form_token), transaction.atomic():
        event = _lock(event)
        ensure_registration_open(event, at=at)
        waiting = EventRegistration.objects.filter(event=event, state=RegistrationState.WAITING).count()
        attendees = data["attendees"]
        confirmed = registration_gets_a_place(
            capacity=event.capacity, taken=_places_taken(event), waiting=waiting, attendees=attendees
        )
        registration = EventRegistration(
            event=event,
            contact_name=data["contact_name"].strip(),
            unit=data["unit"].strip(),
            phone=data["phone"],
            email=data["email"],
            attendees=attendees,
            state=RegistrationState.CONFIRMED if confirmed else RegistrationState.WAITING,
            language=language,
            submitted_at=at,
            access_code_hash=code_hash,
            form_token=form_token,
        )
        registration.receipt_number = receipts.issue_receipt_number(
            kind=ReceiptKind.REGISTRATION, year=windows.china_today(at).year
        )
        registration.save()
        notifications.send_registration_received(registration, cancel_token=registration_cancel_token(registration))
    return Receipt(registration, registration.receipt_number, code)


# --- Cancelling and the waiting list --------------------------------------------------------------


def registration_cancel_token(registration) -> str:
    """The signed (HMAC with SECRET_KEY) token of a registration's cancel link."""
    return signing.dumps(str(registration.public_id), salt=CANCEL_TOKEN_SALT)


def registration_from_cancel_token(token: str) -> EventRegistration | None:
    """The registration a cancel link names, or None for a forged or altered token (or one whose
    personal data has been erased)."""
    try:
        public_id = signing.loads(token, salt=CANCEL_TOKEN_SALT)
    except signing.BadSignature:
        return None
    return (
        EventRegistration.objects.filter(public_id=public_id, personal_data_erased_at__isnull=True)
        .select_related("event")
        .first()
    )


def waiting_list_promote(*, event, at: dt.datetime) -> list[EventRegistration]:
    """Move registrations up from the waiting list in the order they arrived, while the first one waiting
    fits in the places left (nobody is skipped). Runs with the event row locked."""
    taken = _places_taken(event)
    promoted = []
    for waiting in EventRegistration.objects.filter(event=event, state=RegistrationState.WAITING).order_by(
        "submitted_at", "pk"
    ):
        if event.capacity is not None and taken + waiting.attendees > event.capacity:
            break
        waiting.state = RegistrationState.CONFIRMED
        waiting.promoted_at = at
        waiting.save(update_fields=["state", "promoted_at", "updated_at"])
        taken += waiting.attendees
        promoted.append(waiting)
    return promoted


def waiting_list_refill(*, event, at: dt.datetime) -> list[EventRegistration]:
    """After an editor publishes an event (perhaps with more places), move the waiting list up as far as
    the places allow (`waiting_list_promote`) and tell those moved up. Returns them."""
    event = canonical_event(event)
    if not EventRegistration.objects.filter(event=event, state=RegistrationState.WAITING).exists():
        return []
    with transaction.atomic():
        promoted = waiting_list_promote(event=_lock(event), at=at)
        for moved_up in promoted:
            notifications.send_registration_promoted(moved_up, cancel_token=registration_cancel_token(moved_up))
    return promoted


def registration_cancel(*, registration, at: dt.datetime) -> list[EventRegistration]:
    """Cancel a registration (from its signed link) until the event starts; the places it held go to the
    waiting list in order (`waiting_list_promote`), and those moved up are told by email. Cancelling
    twice changes nothing. Returns the registrations moved up."""
    with transaction.atomic():
        event = _lock(registration.event)
        if at >= event.starts_at:
            raise CancelRefused
        current = EventRegistration.objects.select_for_update().get(pk=registration.pk)
        if current.state == RegistrationState.CANCELLED:
            return []
        current.state = RegistrationState.CANCELLED
        current.cancelled_at = at
        current.save(update_fields=["state", "cancelled_at", "updated_at"])
        registration.state, registration.cancelled_at = current.state, current.cancelled_at
        promoted = waiting_list_promote(event=event, at=at)
        notifications.send_registration_cancelled(current)
        for moved_up in promoted:
            notifications.send_registration_promoted(moved_up, cancel_token=registration_cancel_token(moved_up))
    invalidate_public_pages()
    return promoted


# --- Reminders and the organiser's messages ------------------------------------------------------


def registrations_due_for_reminder(*, at: dt.datetime):
    """Confirmed registrations for live events starting tomorrow (the calendar day after `at` in
    Asia/Shanghai) that have not been reminded."""
    tomorrow = windows.china_today(at) + dt.timedelta(days=1)
    return EventRegistration.objects.filter(
        state=RegistrationState.CONFIRMED,
        reminder_sent_at__isnull=True,
        personal_data_erased_at__isnull=True,
        event__live=True,
        event__starts_at__gte=windows.start_of_day(tomorrow),
        event__starts_at__lt=windows.end_of_day(tomorrow),
    ).select_related("event")


def registrations_send_reminders(*, at: dt.datetime) -> tuple[int, int]:
    """Send the reminder the day before the event to each registration due. Idempotent: each row is
    claimed (`reminder_sent_at` set where still empty) before its email is sent, so two runs, even at
    once, never remind a registration twice. A failing address is logged and released for the next run;
    the others are still sent. Returns (sent, failed)."""
    sent = failed = 0
    for registration in registrations_due_for_reminder(at=at):
        claimed = EventRegistration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=at
        )
        if not claimed:
            continue
        try:
            notifications.deliver_registration_reminder(
                registration, cancel_token=registration_cancel_token(registration)
            )
        except Exception:  # noqa: BLE001 - one bad address must not stop the others
            logger.exception("Could not send the reminder for registration %s", registration.receipt_number)
            EventRegistration.objects.filter(pk=registration.pk).update(reminder_sent_at=None)
            failed += 1
        else:
            sent += 1
    return sent, failed


def registrants_message(*, event, subject: str, body: str, by) -> RegistrantMessage:
    """The organiser's message to every confirmed registrant of an event, sent now, one email each (a
    failing address is logged and counted, the others still sent), and kept as a log row."""
    event = canonical_event(event)
    registrations = EventRegistration.objects.filter(
        event=event, state=RegistrationState.CONFIRMED, personal_data_erased_at__isnull=True
    ).select_related("event")
    sent = failed = 0
    for registration in registrations:
        try:
            notifications.deliver_registrant_message(registration, subject=subject, body=body)
        except Exception:  # noqa: BLE001 - one bad address must not stop the others
            logger.exception("Could not send a message to registration %s", registration.receipt_number)
            failed += 1
        else:
            sent += 1
    return RegistrantMessage.objects.create(
        event=event, subject=subject, body=body, sent_by=by, recipients=sent, failures=failed
    )


# --- Privacy -------------------------------------------------------------------------------------


def registrations_due_for_erasure(*, at: dt.datetime, retention_days: int):
    """PIPL Art. 19 and 47: a registrant's name, unit and contact details serve the event only; they are
    due for erasure once the event ended more than `retention_days` ago."""
    return EventRegistration.objects.filter(
        personal_data_erased_at__isnull=True, event__ends_at__lt=at - dt.timedelta(days=retention_days)
    )


def registrations_erase_personal_data(*, at: dt.datetime, retention_days: int) -> int:
    """Erase name, unit, phone, email and any reply of registrations due (`registrations_due_for_erasure`);
    the row, its receipt number, state and number of attendees stay, so the event's counts are unchanged."""
    due = list(registrations_due_for_erasure(at=at, retention_days=retention_days).values_list("pk", flat=True))
    if due:
        EventRegistration.objects.filter(pk__in=due).update(
            contact_name="", unit="", phone="", email="", reply="", personal_data_erased_at=at
        )
    return len(due)
