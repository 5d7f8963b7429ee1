"""Read queries about submissions that views, templates and the review desk share."""

from django.contrib.auth.hashers import check_password, make_password
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from submissions.models import Application, Objection, ReceiptKind
from submissions.states import FINAL_APPLICATION_STATES, FINAL_OBJECTION_STATES, ApplicationState, ObjectionState

# Checked when no submission has the number, so a wrong number costs the same time as a wrong code.
_DUMMY_HASH = make_password("not-a-real-access-code")


def submission_for_receipt(*, receipt_number: str, access_code: str):
    """The application, objection or change report (Art. 17) with this receipt number if the access code
    matches it; None otherwise — the caller cannot tell an unknown number from a wrong code."""
    prefix = receipt_number[:2]
    if prefix == ReceiptKind.CHANGE_REPORT:
        from directory.lifecycle import change_report_for_receipt

        report = change_report_for_receipt(receipt_number=receipt_number, access_code=access_code)
        if report is None:
            check_password(access_code or "x", _DUMMY_HASH)
        return report
    model = {ReceiptKind.APPLICATION: Application, ReceiptKind.OBJECTION: Objection}.get(prefix)
    submission = None
    if model is not None:
        submission = (
            model.objects.filter(receipt_number=receipt_number)
            .select_related("notice")
            .prefetch_related("history", "attachments")
            .first()
        )
    if submission is None:
        check_password(access_code or "x", _DUMMY_HASH)
        return None
    return submission if submission.check_access_code(access_code) else None


def notice_submission_counts(notice) -> dict | None:
    """Public counts for a notice page, one query: how many submissions were received and, once decided,
    their outcomes. Never their contents. Counted across the notice's translations (submissions are
    stored against the default-language page). None for notices that take no submissions."""
    kind = getattr(notice, "kind", None)
    if kind == "application":
        counts = Application.objects.filter(notice__translation_key=notice.translation_key).aggregate(
            received=Count("pk", filter=~Q(state=ApplicationState.DRAFT)),
            approved=Count("pk", filter=Q(state=ApplicationState.APPROVED)),
            not_approved=Count(
                "pk", filter=Q(state__in=[ApplicationState.NOT_APPROVED, ApplicationState.PRELIMINARY_FAILED])
            ),
        )
        counts["in_progress"] = counts["received"] - counts["approved"] - counts["not_approved"]
        return {"kind": "application", **counts}
    if kind == "publicity":
        counts = Objection.objects.filter(notice__translation_key=notice.translation_key).aggregate(
            received=Count("pk"),
            upheld=Count("pk", filter=Q(state=ObjectionState.UPHELD)),
            dismissed=Count("pk", filter=Q(state=ObjectionState.DISMISSED)),
        )
        counts["in_progress"] = counts["received"] - counts["upheld"] - counts["dismissed"]
        return {"kind": "publicity", **counts}
    return None


def canonical_notice(notice):
    """The default-language version of a notice: submissions made on any translation are stored against
    it, so counts, entries and the review desk see one round."""
    from wagtail.models import Locale

    if notice.locale_id == Locale.get_default().pk:
        return notice
    return (notice.get_translation_or_none(Locale.get_default()) or notice).specific


def status_details(submission) -> dict:
    """What the status page shows a submitter who proved the receipt and code: state, dates, history
    (state and date only; staff notes stay internal), the reply, and their own files."""
    if not isinstance(submission, Application | Objection):
        return _change_report_details(submission)
    is_application = isinstance(submission, Application)
    states = ApplicationState if is_application else ObjectionState
    history = [
        {
            "at": change.at,
            "state": states(change.to_state).label if change.to_state in states.values else change.to_state,
        }
        for change in submission.history.all()
    ]
    from wagtail.models import Locale

    notice = submission.notice.get_translation_or_none(Locale.get_active()) or submission.notice
    return {
        "notice_title": notice.title,
        "is_application": is_application,
        "kind_label": _("Application") if is_application else _("Objection"),
        "submitted_at": submission.submitted_at,
        "state_label": submission.get_state_display(),
        "is_final": submission.state in (FINAL_APPLICATION_STATES if is_application else FINAL_OBJECTION_STATES),
        "history": history,
        "attachments": list(submission.attachments.all()),
    }


def _change_report_details(report) -> dict:
    """A change report (Art. 17) on the status page: the center, the state, the dates and the reply.
    Its documents stay with staff."""
    from wagtail.models import Locale

    from directory.models.lifecycle import ChangeReportState

    center = report.center.get_translation_or_none(Locale.get_active()) or report.center
    return {
        "notice_title": center.title,
        "is_application": False,
        "kind_label": _("Change report"),
        "submitted_at": report.created_at,
        "state_label": report.get_state_display(),
        "is_final": report.state != ChangeReportState.PENDING,
        "history": [],
        "attachments": [],
    }


def can_view_attachment(request, attachment, *, allowed) -> bool:
    """Attachments are private: the submitter who showed the receipt number and access code in this
    session (their submission's id is in `allowed`), or a member of staff who may read that very submission
    (the review desk's row-level rule, `submissions.review.can_view_attachment`)."""
    owner = attachment.application or attachment.objection
    if owner is not None and str(owner.public_id) in set(allowed):
        return True
    from submissions.review import can_view_attachment as staff_can_view_attachment

    return staff_can_view_attachment(request.user, attachment)
