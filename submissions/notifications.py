"""Emails to submitters: the receipt after submitting, the private link to a saved draft, a note when
the status changes, and for event registrations the confirmation (with the event's .ics), a place freed
from the waiting list, a cancellation, the reminder the day before and the organiser's messages. Each is
rendered in the language the submitter used. Those written during a submission are handed to a
django-tasks task once the surrounding transaction commits, so a rolled-back submission never sends mail;
the reminder and the organiser's messages (`deliver_*`) are sent at once, so their callers see failures."""

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from directory.calendar import event_ics
from home.public_address import absolute_url
from submissions import tasks
from submissions.models import Application, EvaluationSubmission, Objection


def _kind_label(submission) -> str:
    if isinstance(submission, EvaluationSubmission):
        return _("evaluation materials")
    return _("application") if isinstance(submission, Application) else _("objection")


def _notice_title(submission) -> str:
    """The notice's title in the submitter's language when it has been translated. Asks the database
    only for another language's version (a receipt is rendered while its number is held: see
    `receipts.issue_receipt_number`)."""
    notice = submission.notice
    try:
        locale = Locale.objects.get_for_language(submission.language)  # per process: home.cache
    except (Locale.DoesNotExist, LookupError):
        return notice.title
    if locale.pk == notice.locale_id:
        return notice.title
    return (notice.get_translation_or_none(locale) or notice).title


def _enqueue(*, to: str, subject: str, body: str) -> None:
    transaction.on_commit(lambda: tasks.send_email.enqueue(to=[to], subject=subject, body=body))


def status_page_url() -> str:
    """The absolute address of the status page in the active language."""
    return absolute_url(reverse("submissions:status"))


def send_receipt(submission: Application | Objection, *, access_code: str) -> None:
    """Confirm a submission: its receipt number, the access code (sent once, never stored in clear) and
    where to check its status."""
    with translation.override(submission.language or "zh-hans"):
        subject = _("Receipt %(receipt)s: your %(kind)s has been received") % {
            "receipt": submission.receipt_number,
            "kind": _kind_label(submission),
        }
        body = render_to_string(
            "submissions/email/receipt.txt",
            {
                "submission": submission,
                "notice_title": _notice_title(submission),
                "kind": _kind_label(submission),
                "access_code": access_code,
                "status_url": status_page_url(),
            },
        )
    _enqueue(to=submission.email, subject=subject, body=body)


def send_draft_link(application: Application, *, resume_url: str) -> None:
    """Send the private link that reopens a saved draft application until the window closes."""
    with translation.override(application.language or "zh-hans"):
        subject = _("Your draft application: the link to continue")
        body = render_to_string(
            "submissions/email/draft_link.txt",
            {
                "submission": application,
                "resume_url": resume_url,
                "notice": application.notice,
                "notice_title": _notice_title(application),
            },
        )
    _enqueue(to=application.email, subject=subject, body=body)


def send_evaluation_draft_link(submission, *, resume_url: str) -> None:
    """Send the private link that reopens a center's draft evaluation materials until the window closes."""
    with translation.override(submission.language or "zh-hans"):
        subject = _("Your draft evaluation materials: the link to continue")
        body = render_to_string(
            "submissions/email/evaluation_draft_link.txt",
            {
                "submission": submission,
                "resume_url": resume_url,
                "notice": submission.notice,
                "center_title": submission.center.title,
            },
        )
    _enqueue(to=submission.email, subject=subject, body=body)


def send_status_changed(submission: Application | Objection) -> None:
    """Tell the submitter that their submission moved to a new state (called by the review desk after
    each transition). Says the new state and any reply; never repeats the access code."""
    if not submission.email or submission.receipt_number is None:
        return
    with translation.override(submission.language or "zh-hans"):
        subject = _("Receipt %(receipt)s: status updated to %(state)s") % {
            "receipt": submission.receipt_number,
            "state": submission.get_state_display(),
        }
        body = render_to_string(
            "submissions/email/status_changed.txt",
            {
                "submission": submission,
                "kind": _kind_label(submission),
                "state": submission.get_state_display(),
                "status_url": status_page_url(),
            },
        )
    _enqueue(to=submission.email, subject=subject, body=body)


# --- Event registrations (Art. 18) -----------------------------------------------------------------


def _event_for(registration):
    """The event in the registrant's language when it has been translated."""
    locale = Locale.objects.filter(language_code=registration.language).first()
    return (registration.event.get_translation_or_none(locale) if locale else None) or registration.event


def registration_cancel_url(token: str) -> str:
    """The absolute address of a registration's cancel link, in the active language."""
    return absolute_url(reverse("submissions:registration_cancel", args=[token]))


def _registration_email(registration, template: str, subject: str, *, cancel_token: str | None = None, **extra):
    """Subject, body and the .ics attachment of a registration email, in the registrant's language."""
    with translation.override(registration.language or "zh-hans"):
        event = _event_for(registration)
        subject = subject % {"receipt": registration.receipt_number, "event": event.title}
        body = render_to_string(
            template,
            {
                "registration": registration,
                "event": event,
                "state": registration.get_state_display(),
                "cancel_url": registration_cancel_url(cancel_token) if cancel_token else "",
                "event_url": event.get_full_url(),
                **extra,
            },
        )
    attachments = [[f"{event.slug}.ics", event_ics(event).decode(), "text/calendar"]]
    return subject, body, attachments


def _enqueue_with(to: str, subject: str, body: str, attachments: list) -> None:
    transaction.on_commit(
        lambda: tasks.send_email.enqueue(to=[to], subject=subject, body=body, attachments=attachments)
    )


def send_registration_received(registration, *, cancel_token: str) -> None:
    """Confirm a registration: confirmed or on the waiting list, the receipt number, the event's .ics
    and the cancel link."""
    subject, body, attachments = _registration_email(
        registration,
        "submissions/email/registration_received.txt",
        _("Registration %(receipt)s: %(event)s"),
        cancel_token=cancel_token,
    )
    _enqueue_with(registration.email, subject, body, attachments)


def send_registration_promoted(registration, *, cancel_token: str) -> None:
    """Tell a registrant on the waiting list that a place has been freed for them."""
    subject, body, attachments = _registration_email(
        registration,
        "submissions/email/registration_promoted.txt",
        _("Registration %(receipt)s: you have a place at %(event)s"),
        cancel_token=cancel_token,
    )
    _enqueue_with(registration.email, subject, body, attachments)


def send_registration_cancelled(registration) -> None:
    """Confirm that a registration has been cancelled."""
    subject, body, _attachments = _registration_email(
        registration,
        "submissions/email/registration_cancelled.txt",
        _("Registration %(receipt)s cancelled: %(event)s"),
    )
    _enqueue(to=registration.email, subject=subject, body=body)


def deliver_registration_reminder(registration, *, cancel_token: str) -> None:
    """The reminder the day before the event, sent now (raises when the mail server refuses it)."""
    subject, body, attachments = _registration_email(
        registration,
        "submissions/email/registration_reminder.txt",
        _("Reminder: %(event)s is tomorrow"),
        cancel_token=cancel_token,
    )
    tasks.build_email(to=[registration.email], subject=subject, body=body, attachments=attachments).send()


def deliver_registrant_message(registration, *, subject: str, body: str) -> None:
    """The organiser's message to one registrant, sent now (raises when the mail server refuses it)."""
    _subject, text, _attachments = _registration_email(
        registration, "submissions/email/registrant_message.txt", "%(event)s", message=body
    )
    tasks.build_email(to=[registration.email], subject=subject, body=text).send()
