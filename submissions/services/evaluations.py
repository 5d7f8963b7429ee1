"""Evaluation materials (Art. 12–13): a center submits its year's materials from its own page, within the
round's window, with a receipt number and access code like every other submission. The desk steps
(initial evaluation, re-check, the bulletin) are in `submissions.evaluation_review`."""

import datetime as dt

from django.core import signing
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
    submitted and not returned for completion; drafts do not count), or None."""
    return (
        EvaluationSubmission.objects.filter(notice=notice, center__translation_key=center.translation_key)
        .exclude(state__in=[EvaluationState.RETURNED, EvaluationState.DRAFT])
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


EVALUATION_DRAFT_SALT = "submissions.evaluation_draft"


def evaluation_draft_token(submission: EvaluationSubmission) -> str:
    """A signed, unguessable token naming a draft; the private link to it carries it."""
    return signing.dumps(str(submission.public_id), salt=EVALUATION_DRAFT_SALT, compress=True)


def evaluation_draft_from_token(token: str, *, center: CenterPage) -> EvaluationSubmission | None:
    """The draft of `center` the token names, or None for a forged token, another center's draft or
    materials already submitted."""
    try:
        public_id = signing.loads(token or "", salt=EVALUATION_DRAFT_SALT)
    except signing.BadSignature:
        return None
    return EvaluationSubmission.objects.filter(
        public_id=public_id, state=EvaluationState.DRAFT, center__translation_key=center.translation_key
    ).first()


def _fill(submission: EvaluationSubmission, *, center: CenterPage, data: dict, language: str) -> None:
    submission.center = center
    submission.management_unit = center.management_unit
    submission.lead_unit_credit_code = normalise_credit_code(data["lead_unit_credit_code"])
    submission.work_summary = data.get("work_summary", "")
    submission.contact_name = data.get("contact_name", "")
    submission.phone = data.get("phone", "")
    submission.email = data.get("email", "")
    submission.language = language


def _ensure_materials_accepted(
    *,
    notice: EvaluationRoundNotice,
    center: CenterPage,
    data: dict,
    at: dt.datetime | None,
    draft: EvaluationSubmission | None,
    form_token: str | None,
) -> tuple[dt.datetime, CenterPage]:
    """Art. 12–13: the checks saving a draft and submitting share: the form not already sent, the round's
    window open at `at`, the center (its default-language version) still evaluated, its lead unit's code,
    and a `draft` still a draft. Returns the moment and the center the materials are stored against."""
    ensure_form_not_sent(EvaluationSubmission, form_token)
    at = at or timezone.now()
    ensure_evaluation_window_open(notice, at=at)
    center = _source_version(center)
    ensure_center_evaluated(center)
    ensure_lead_unit_of(center, data["lead_unit_credit_code"])
    if draft is not None and draft.state != EvaluationState.DRAFT:
        raise ValidationError(_("These materials have already been submitted."))
    return at, center


def evaluation_save_draft(
    *,
    notice: EvaluationRoundNotice,
    center: CenterPage,
    data: dict,
    files: list[CheckedFile] = (),
    at: dt.datetime | None = None,
    language: str = "zh-hans",
    draft: EvaluationSubmission | None = None,
    form_token: str | None = None,
) -> EvaluationSubmission:
    """Save (or update) a center's materials as a draft while the window is open (Art. 12–13): no receipt
    number, invisible to staff, reopened by the private link `evaluation_draft_token`. The same checks as
    submitting, except one set per round (drafts are free). Files sent are added to the draft's."""
    at, center = _ensure_materials_accepted(
        notice=notice, center=center, data=data, at=at, draft=draft, form_token=form_token
    )
    submission = draft or EvaluationSubmission(notice=notice, state=EvaluationState.DRAFT, access_code_hash="")
    _fill(submission, center=center, data=data, language=language)
    submission.form_token = form_token or submission.form_token

    def write(stored):
        submission.save()
        for checked in files:
            stored.attach(checked, role=AttachmentRole.EVALUATION_MATERIALS, evaluation=submission)
        return submission

    with one_submission_per_form(EvaluationSubmission, form_token):
        return saved_atomically(write)


def evaluation_submit(
    *,
    notice: EvaluationRoundNotice,
    center: CenterPage,
    data: dict,
    files: list[CheckedFile] = (),
    at: dt.datetime | None = None,
    language: str = "zh-hans",
    draft: EvaluationSubmission | None = None,
    form_token: str | None = None,
) -> Receipt:
    """Art. 12–13: store a center's evaluation materials for `notice`'s round with a receipt number
    (`ReceiptKind.EVALUATION`) and a one-time access code, and mail the receipt. Every rule is checked
    here, inside the transaction: the window, the center still evaluated, its lead unit's code, one set
    per center per round. `data`: lead_unit_credit_code, work_summary, contact_name, phone, email. From a
    `draft`, its files are kept and the new ones added; materials need at least one file."""
    at, center = _ensure_materials_accepted(
        notice=notice, center=center, data=data, at=at, draft=draft, form_token=form_token
    )
    if not files and not (draft is not None and draft.attachments.exists()):
        raise ValidationError({"materials": _("Attach the evaluation materials.")})
    code, code_hash = receipts.new_access_code()

    def write(stored):
        ensure_first_evaluation_in_round(notice, center)
        submission = draft or EvaluationSubmission(notice=notice)
        _fill(submission, center=center, data=data, language=language)
        submission.access_code_hash = code_hash
        submission.state = EvaluationState.SUBMITTED
        submission.submitted_at = at
        submission.form_token = form_token or submission.form_token
        submission.save()
        for checked in files:
            stored.attach(checked, role=AttachmentRole.EVALUATION_MATERIALS, evaluation=submission)
        StatusChange.objects.create(evaluation=submission, action="submit", to_state=EvaluationState.SUBMITTED)
        receipts.give_receipt_number(submission, kind=ReceiptKind.EVALUATION, at=at)
        notifications.send_receipt(submission, access_code=code)
        return submission

    with one_submission_per_form(EvaluationSubmission, form_token):
        submission = saved_atomically(write)
    return Receipt(submission, submission.receipt_number, code)
