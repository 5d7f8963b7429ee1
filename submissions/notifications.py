"""Emails to submitters: the receipt after submitting, the private link to a saved draft, and a note when
the status changes. Each is rendered in the language the submitter used and handed to a django-tasks
task once the surrounding transaction commits, so a rolled-back submission never sends mail."""

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from home.public_address import absolute_url
from submissions import tasks
from submissions.models import Application, Objection


def _kind_label(submission) -> str:
    return _("application") if isinstance(submission, Application) else _("objection")


def _notice_title(submission) -> str:
    """The notice's title in the submitter's language when it has been translated."""
    locale = Locale.objects.filter(language_code=submission.language).first()
    translated = submission.notice.get_translation_or_none(locale) if locale else None
    return (translated or submission.notice).title


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
