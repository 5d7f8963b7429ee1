"""Demo content for the yearly evaluation (Art. 12–14): this year's evaluation notice with its window open
(drafted through `notices.drafting` and published), and materials from the centers of 南昌 and 赣州 at
different steps — submitted, returned for missing materials, initially evaluated by the city bureau,
re-checked by the province — so `nanchang`, `ganzhou` and `editor` each find work in the desk.

Safe to run again: the round is found by its year, materials by (round, center)."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale

from directory.demo_data import INDUSTRY_UNIT
from directory.management_units import centers_to_evaluate
from directory.models import ReviewerUnit
from home.china import CHINA
from notices import drafting
from notices.demo import notice_in_english
from notices.models import EvaluationRoundNotice, NoticeAttachment
from submissions.access_codes import make_hash
from submissions.demo import DEMO_ACCESS_CODE, EVIDENCE_PDF
from submissions.models import Attachment, AttachmentRole, EvaluationSubmission, ReceiptKind, StatusChange
from submissions.receipts import issue_receipt_number
from submissions.states import EvaluationState

# Per area (division code): the steps its first centers have reached, in the directory's order.
STEPS = {
    "3601": [
        ("initially_evaluated", "good", ""),
        ("submitted", "", ""),
        ("returned", "", ""),
    ],
    "3607": [
        ("rechecked", "excellent", "excellent"),
        ("initially_evaluated", "pass", ""),
    ],
}


def _round(users, today: dt.date) -> EvaluationRoundNotice:
    existing = EvaluationRoundNotice.objects.filter(evaluation_year=today.year, locale=Locale.get_default()).first()
    if existing is not None:
        return existing
    Document = get_document_model()
    indicators = Document.objects.filter(title="运行评价指标体系").first()
    if indicators is None:
        indicators = Document(title="运行评价指标体系")
        indicators.file.save("evaluation-indicators.pdf", ContentFile(EVIDENCE_PDF), save=False)
        indicators.save()
    notice = drafting.evaluation_round_draft(
        year=today.year,
        opens_at=dt.datetime.combine(today - dt.timedelta(days=7), dt.time(9), tzinfo=CHINA),
        last_day=today + dt.timedelta(days=21),
        attachments=[NoticeAttachment(document=indicators, caption="附件：运行评价指标体系")],
        actor=users.get("editor"),
    )
    notice.document_number = f"赣工信数字函〔{today.year}〕32号"
    notice.save_revision(user=users.get("editor")).publish()
    notice.refresh_from_db()
    return notice


def _materials(notice, center, state, proposed, final, users, position, now) -> bool:
    if EvaluationSubmission.objects.filter(notice=notice, center=center).exists():
        return False
    unit_user = users.get("nanchang" if center.area.division_code == "3601" else "ganzhou")
    submission = EvaluationSubmission.objects.create(
        notice=notice,
        center=center,
        management_unit=center.management_unit,
        lead_unit_credit_code=center.lead_unit_credit_code,
        work_summary=f"{center.title}本年度为区域内企业提供诊断咨询、供需对接等公共服务，详见自评表和服务台账。",
        receipt_number=issue_receipt_number(kind=ReceiptKind.EVALUATION, year=now.year),
        access_code_hash=make_hash(DEMO_ACCESS_CODE),
        contact_name="李工",
        phone=f"1390791{position:04d}",
        email=f"center{position + 1}@example.org",
        submitted_at=now - dt.timedelta(days=5, hours=position),
        state=EvaluationState.SUBMITTED,
    )
    Attachment.objects.create(
        evaluation=submission,
        role=AttachmentRole.EVALUATION_MATERIALS,
        file=ContentFile(EVIDENCE_PDF, name="evaluation.pdf"),
        original_name="运行评价自评表.pdf",
        content_type="application/pdf",
        size=len(EVIDENCE_PDF),
    )
    StatusChange.objects.create(evaluation=submission, action="submit", to_state=EvaluationState.SUBMITTED)
    if state == "returned":
        submission.state, submission.reply = EvaluationState.RETURNED, "请补充年度服务企业台账和服务合同。"
        submission.save()
        StatusChange.objects.create(
            evaluation=submission,
            action="send_back",
            from_state="submitted",
            to_state="returned",
            note=submission.reply,
            actor=unit_user,
        )
    if proposed:
        submission.state, submission.proposed_grade = EvaluationState.INITIALLY_EVALUATED, proposed
        submission.initial_note = "材料齐全，服务成效与指标体系对照良好。"
        submission.initially_evaluated_by, submission.initially_evaluated_at = unit_user, now - dt.timedelta(days=2)
        submission.save()
        StatusChange.objects.create(
            evaluation=submission,
            action="initial_evaluation",
            from_state="submitted",
            to_state="initially_evaluated",
            note=submission.initial_note,
            actor=unit_user,
        )
    if final:
        submission.state, submission.final_grade = EvaluationState.RECHECKED, final
        submission.rechecked_by, submission.rechecked_at = users.get("editor"), now - dt.timedelta(days=1)
        submission.save()
        StatusChange.objects.create(
            evaluation=submission,
            action="recheck_confirm",
            from_state="initially_evaluated",
            to_state="rechecked",
            actor=users.get("editor"),
        )
    return True


def _round_in_english(notice: EvaluationRoundNotice) -> None:
    """The round's English page, as every demo notice has one (created once; its window follows the Chinese one)."""
    notice_in_english(
        notice,
        Locale.objects.get(language_code="en"),
        title=f"Notice on the {notice.evaluation_year} yearly evaluation of the provincial Digital Transformation "
        "Promotion Centers",
        summary="Every active center and every center under reorganisation submits its evaluation materials online "
        "within the window below (Art. 12–13 of the measures); the management unit makes the initial "
        "evaluation and the province re-checks it.",
    )


def ensure_reviewer_units(users: dict) -> int:
    """The demo's industry department: `industry` acts for the unit that recommended the ceramics center
    (Art. 11), so its desk shows that center's evaluation."""
    if users.get("industry") is None:
        return 0
    ReviewerUnit.objects.get_or_create(user=users["industry"], unit_name=INDUSTRY_UNIT[0])
    return 1


def load_evaluation(context: dict) -> str:
    users = context.get("users", {})
    units = ensure_reviewer_units(users)
    now = timezone.now()
    notice = _round(users, timezone.localdate())
    _round_in_english(notice)
    made = 0
    centers = list(centers_to_evaluate().order_by("area__sort_order", "name_sort_key"))
    position = 0
    for code, steps in STEPS.items():
        in_area = [c for c in centers if c.area.division_code == code]
        for center, (state, proposed, final) in zip(in_area, steps, strict=False):
            made += _materials(notice, center, state, proposed, final, users, position, now)
            position += 1
    return (
        f"evaluation {notice.evaluation_year}: {made} new sets of materials; "
        f"{units} management unit user (industry → {INDUSTRY_UNIT[0]})"
    )
