"""Read queries about submissions that views, templates and the review desk share."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Locale

from notices import windows
from notices.models import publicity_result_text
from submissions import access_codes
from submissions.kinds import KINDS, kind_of
from submissions.models import Application, EventRegistration, Objection, RegistrationState
from submissions.review import can_view_attachment as staff_can_view_attachment
from submissions.states import ApplicationState, ObjectionState


def submission_for_receipt(*, receipt_number: str, access_code: str):
    """The submission of any registered kind (`submissions.kinds.KINDS`) with this receipt number if the
    access code matches it; None otherwise — the caller cannot tell an unknown number from a wrong code.
    Equal work either way: every kind is looked up, and exactly one keyed hash is computed and compared
    (against one that no code matches when no submission has the number). Only a code still stored the
    old way costs more (a PBKDF2 check), once: a successful check re-stores it as the keyed hash."""
    number = (receipt_number or "").strip().upper()
    found = [kind.find(number) for kind in KINDS] if number else []
    submission = next((row for row in found if row is not None), None)
    if submission is None:
        access_codes.matches(access_code, access_codes.NEVER_MATCHES)
        return None
    return submission if submission.check_access_code(access_code) else None


def notice_submission_counts(notice) -> dict | None:
    """Public counts for a notice page, one query: how many submissions were received and, once decided,
    their outcomes, and for a 公示 whose period has ended the result sentence (`result_text`, Art. 10).
    Never their contents. Counted across the notice's translations (submissions are stored against the
    default-language page). None for notices that take no submissions."""
    return notices_submission_counts([notice]).get(notice.pk)


APPLICATION_COUNTS = {
    "received": Count("pk", filter=~Q(state=ApplicationState.DRAFT)),
    "approved": Count("pk", filter=Q(state=ApplicationState.APPROVED)),
    "not_approved": Count(
        "pk", filter=Q(state__in=[ApplicationState.NOT_APPROVED, ApplicationState.PRELIMINARY_FAILED])
    ),
}
OBJECTION_COUNTS = {
    "received": Count("pk"),
    "upheld": Count("pk", filter=Q(state=ObjectionState.UPHELD)),
    "dismissed": Count("pk", filter=Q(state=ObjectionState.DISMISSED)),
}


KINDS_COUNTED = ("application", "publicity")


def _counts_by_translation(model, translation_keys, aggregates) -> dict:
    """translation key → counts, for every key (zeros where nothing was received), in one query."""
    zero = dict.fromkeys(aggregates, 0)
    if not translation_keys:
        return {}
    rows = (
        model.objects.filter(notice__translation_key__in=translation_keys)
        .order_by()
        .values("notice__translation_key")
        .annotate(**aggregates)
    )
    counts = {key: dict(zero) for key in translation_keys}
    for row in rows:
        counts[row.pop("notice__translation_key")] = row
    return counts


def notices_submission_counts(notices) -> dict[int, dict]:
    """`notice_submission_counts` for many notices at once (the figures page): notice pk → counts, one
    query per kind of notice however many notices there are."""
    notices = list(notices)
    keys = {kind: {n.translation_key for n in notices if getattr(n, "kind", None) == kind} for kind in KINDS_COUNTED}
    applications = _counts_by_translation(Application, keys["application"], APPLICATION_COUNTS)
    objections = _counts_by_translation(Objection, keys["publicity"], OBJECTION_COUNTS)
    now = timezone.now()
    out = {}
    for notice in notices:
        kind = getattr(notice, "kind", None)
        if kind == "application":
            counts = dict(applications[notice.translation_key])
            counts["in_progress"] = counts["received"] - counts["approved"] - counts["not_approved"]
            out[notice.pk] = {"kind": "application", **counts}
        elif kind == "publicity":
            counts = dict(objections[notice.translation_key])
            counts["in_progress"] = counts["received"] - counts["upheld"] - counts["dismissed"]
            # Art. 10: once the period has ended, the public result is written from these counts.
            ended = windows.publicity_has_ended(notice.period_starts_on, notice.period_ends_on, at=now)
            counts["result_text"] = (
                publicity_result_text(
                    received=counts["received"], upheld=counts["upheld"], in_progress=counts["in_progress"]
                )
                if ended
                else ""
            )
            out[notice.pk] = {"kind": "publicity", **counts}
    return out


def canonical_notice(notice):
    """The default-language version of a notice: submissions made on any translation are stored against
    it, so counts, entries and the review desk see one round."""
    if notice.locale_id == Locale.get_default().pk:
        return notice
    return (notice.get_translation_or_none(Locale.get_default()) or notice).specific


def status_details(submission) -> dict:
    """What the status page shows a submitter who proved the receipt and code: state, dates, history
    (state and date only; staff notes stay internal), the reply, and — for kinds that show them — their
    own files. The title is the notice's (applications, objections) or the center's (change reports), in
    the visitor's language when translated."""
    kind = kind_of(submission)
    history = [
        {
            "at": change.at,
            "state": kind.states(change.to_state).label if change.to_state in kind.states.values else change.to_state,
        }
        for change in (submission.history.all() if kind.has_history else [])
    ]
    subject = getattr(submission, kind.subject)
    subject = subject.get_translation_or_none(Locale.get_active()) or subject
    return {
        "notice_title": subject.title,
        "is_application": isinstance(submission, Application),
        "kind_label": kind.label,
        "submitted_at": submission.submitted_at or submission.created_at,
        "state_label": submission.get_state_display(),
        "is_final": submission.state in kind.final_states,
        "history": history,
        "attachments": list(submission.attachments.all()) if kind.shows_files else [],
        "is_registration": isinstance(submission, EventRegistration),
    }


def can_view_attachment(request, attachment, *, allowed) -> bool:
    """Attachments are private: the submitter who showed the receipt number and access code in this
    session (their submission's id is in `allowed`), or a member of staff who may read that very submission
    (the review desk's row-level rule, `submissions.review.can_view_attachment`)."""
    owner = attachment.owner
    if owner is not None and kind_of(owner).shows_files and str(owner.public_id) in set(allowed):
        return True
    return staff_can_view_attachment(request.user, attachment)


def registration_figures(event) -> dict:
    """An event's registrations in one query, across its translations (registrations are stored against
    the default-language page): confirmed registrations and the places they take, waiting, cancelled,
    and places left (None when the event has no capacity). Counts only, never who."""
    figures = EventRegistration.objects.filter(event__translation_key=event.translation_key).aggregate(
        confirmed=Count("pk", filter=Q(state=RegistrationState.CONFIRMED)),
        places_taken=Coalesce(Sum("attendees", filter=Q(state=RegistrationState.CONFIRMED)), 0),
        waiting=Count("pk", filter=Q(state=RegistrationState.WAITING)),
        cancelled=Count("pk", filter=Q(state=RegistrationState.CANCELLED)),
    )
    figures["places_left"] = None if event.capacity is None else max(0, event.capacity - figures["places_taken"])
    return figures
