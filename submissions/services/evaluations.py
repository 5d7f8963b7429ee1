"""Evaluation materials (Art. 12–13): a center submits its year's materials from its own page, within the
round's window, with a receipt number and access code like every other submission. The desk steps
(initial evaluation, re-check, the bulletin) are in `submissions.evaluation_review`."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from directory.models import CenterPage, CenterStatus
from directory.validators import normalise_credit_code
from notices import windows
from notices.models import EvaluationRoundNotice, evaluation_window_open_q, evaluation_window_state
from submissions import notifications, receipts
from submissions.files import CheckedFile, saved_atomically
from submissions.models import AttachmentRole, EvaluationSubmission, ReceiptKind, StatusChange
from submissions.services.base import Receipt, WindowClosed, ensure_form_not_sent, one_submission_per_form
from submissions.states import EvaluationState


def evaluation_round_open(*, at: dt.datetime) -> EvaluationRoundNotice | None:
    """The evaluation round whose window is open at `at` (the latest, if rounds overlap), in the default
    language (materials are stored against it); None when no round accepts materials."""
    return (
        EvaluationRoundNotice.objects.live()
        .filter(evaluation_window_open_q(at=at), locale=Locale.get_default())
        .order_by("-window_opens_at", "-pk")
        .first()
    )


def latest_evaluation_round() -> EvaluationRoundNotice | None:
    """The newest live evaluation round (open or not), for the desk."""
    return (
        EvaluationRoundNotice.objects.live()
        .filter(locale=Locale.get_default())
        .order_by("-evaluation_year", "-pk")
        .first()
    )


def ensure_evaluation_window_open(notice: EvaluationRoundNotice, *, at: dt.datetime) -> None:
    """Art. 12–13: materials are accepted only while the round's window is open (from the minute it
    opens until the minute it closes, China time; `evaluation_window_state`). Raises WindowClosed, so
    nothing is stored, at the boundary too."""
    state = evaluation_window_state(notice, at=at)
    if state is not windows.WindowState.APPLICATIONS_OPEN:
        raise WindowClosed(state)


def ensure_center_evaluated(center: CenterPage) -> None:
    """Art. 12, 15: every active center and every center under reorganisation is evaluated; a revoked
    center is not, and its materials are refused."""
    if center.status not in (CenterStatus.ACTIVE, CenterStatus.REORGANISING):
        raise ValidationError(_("This center's title has been revoked: it is no longer evaluated."))


def ensure_lead_unit_of(center: CenterPage, credit_code: str) -> None:
    """Who speaks for the center: as on a change report, the center is the one whose page the form is
    on; the submitter proves they act for it with its lead unit's unified social credit code."""
    if normalise_credit_code(credit_code) != normalise_credit_code(center.lead_unit_credit_code):
        raise ValidationError(
            {"lead_unit_credit_code": _("This is not the unified social credit code of this center's lead unit.")}
        )


def earlier_evaluation_for(notice, center) -> EvaluationSubmission | None:
    """Art. 12: one evaluation per center per year. The center's materials in this round that stand (any
    not returned for completion), or None."""
    return (
        EvaluationSubmission.objects.filter(notice=notice, center__translation_key=center.translation_key)
        .exclude(state=EvaluationState.RETURNED)
        .first()
    )


def ensure_first_evaluation_in_round(notice, center) -> None:
    """Art. 12: refuse a second set of materials while the first stands; materials returned for missing
    items may be sent again (complete) within the window."""
    earlier = earlier_evaluation_for(notice, center)
    if earlier is not None:
        raise ValidationError(
            _(
                "This center's materials for this round were already received (receipt %(receipt)s). They can be "
                "sent again only if the management unit returns them for missing materials."
            )
            % {"receipt": earlier.receipt_number}
        )


def _source_version(center: CenterPage) -> CenterPage:
    source = CenterPage.objects.filter(translation_key=center.translation_key, locale=Locale.get_default()).first()
    return source or center


def evaluation_submit(
    *,
    notice: EvaluationRoundNotice,
    center: CenterPage,
    data: dict,
    files: list[CheckedFile] = (),
    at: dt.datetime | None = None,
    language: str = "zh-hans",
    form_token: str | None = None,
) -> Receipt:
    """Art. 12–13: store a center's evaluation materials for `notice`'s round with a receipt number
    (`ReceiptKind.EVALUATION`) and a one-time access code, and mail the receipt. Every rule is checked
    here, inside the transaction: the window, the center still evaluated, its lead unit's code, one set
    per center per round. `data`: lead_unit_credit_code, work_summary, contact_name, phone, email."""
    ensure_form_not_sent(EvaluationSubmission, form_token)
    at = at or timezone.now()
    ensure_evaluation_window_open(notice, at=at)
    center = _source_version(center)
    ensure_center_evaluated(center)
    ensure_lead_unit_of(center, data["lead_unit_credit_code"])
    code, code_hash = receipts.new_access_code()

    def write(stored):
        ensure_first_evaluation_in_round(notice, center)
        submission = EvaluationSubmission.objects.create(
            receipt_number=receipts.issue_receipt_number(
                kind=ReceiptKind.EVALUATION, year=windows.china_today(at).year
            ),
            access_code_hash=code_hash,
            notice=notice,
            center=center,
            management_unit=center.management_unit,
            lead_unit_credit_code=normalise_credit_code(data["lead_unit_credit_code"]),
            work_summary=data["work_summary"],
            contact_name=data["contact_name"],
            phone=data["phone"],
            email=data["email"],
            submitted_at=at,
            language=language,
            form_token=form_token,
        )
        for checked in files:
            stored.attach(checked, role=AttachmentRole.EVALUATION_MATERIALS, evaluation=submission)
        StatusChange.objects.create(evaluation=submission, action="submit", to_state=EvaluationState.SUBMITTED)
        notifications.send_receipt(submission, access_code=code)
        return submission

    with one_submission_per_form(EvaluationSubmission, form_token):
        submission = saved_atomically(write)
    return Receipt(submission, submission.receipt_number, code)
