"""Demo content for the public side of submissions: decided objections on the ended 公示 (so its page
shows outcomes), one on the open 公示 with an evidence file, and a saved draft application on the open
round whose private link is printed, so a newcomer can try "continue a draft".

Safe to run again: objections are found by (notice, objector's name), the draft by (notice, credit code).
The staff desk adds its own submissions in `submissions.demo_desk`.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from directory.models import Area, CenterKind
from notices import windows
from submissions.access_codes import make_hash
from submissions.demo_change_reports import load_change_reports
from submissions.models import Application, Attachment, AttachmentRole, Objection, ReceiptKind, StatusChange, UnitType
from submissions.receipts import draft_token, issue_receipt_number
from submissions.states import ApplicationState, ObjectionState

DEMO_ACCESS_CODE = "DEMO2345"
EVIDENCE_PDF = b"%PDF-1.4\n% demo evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (real name, unit, final state, reply)
ENDED_OBJECTIONS = [
    ("周晓", "九江瑞达机械制造有限公司", ObjectionState.DISMISSED, "经核实，所反映的服务案例真实有效，异议不成立。"),
    ("陈立", "", ObjectionState.UPHELD, "经核实，申报材料中部分服务数据与实际不符，异议成立，该单位不予认定。"),
]
OPEN_OBJECTION = ("赵敏", "鹰潭华科电子有限公司", "拟认定中心的服务团队人数与申报材料不一致，附社保缴纳记录截图。")


def _objection(notice, *, real_name, unit, facts, submitted_at, entry=None) -> tuple[Objection, bool]:
    existing = Objection.objects.filter(notice=notice, real_name=real_name).first()
    if existing is not None:
        return existing, False
    objection = Objection.objects.create(
        notice=notice,
        real_name=real_name,
        unit=unit,
        contact_name=real_name,
        phone="13900000000",
        email=f"objector-{Objection.objects.count() + 1}@example.org",
        facts_and_reasons=facts,
        consent_to_contact=True,
        submitted_at=submitted_at,
        access_code_hash=make_hash(DEMO_ACCESS_CODE),
        receipt_number=issue_receipt_number(kind=ReceiptKind.OBJECTION, year=submitted_at.year),
    )
    objection.entries.set([entry] if entry is not None else list(notice.entries.all()[:1]))
    StatusChange.objects.create(objection=objection, action="submit", to_state=ObjectionState.RECEIVED)
    return objection, True


def _decide(objection: Objection, state: str, reply: str) -> None:
    if objection.state == state:
        return
    for action, source, target in (
        ("investigate", objection.state, ObjectionState.INVESTIGATING),
        ("close", ObjectionState.INVESTIGATING, state),
    ):
        StatusChange.objects.create(objection=objection, action=action, from_state=source, to_state=target)
    objection.state = state
    objection.reply = reply
    objection.save(update_fields=["state", "reply", "updated_at"])


def load_ended_objections(notice) -> list[str]:
    if notice is None:
        return []
    submitted_at = windows.start_of_day(notice.period_ends_on) - dt.timedelta(days=1)
    numbers = []
    # The upheld objection names the entry that was then not approved (the one without a center page);
    # the dismissed one names a center that was recognised.
    not_approved = notice.entries.filter(center__isnull=True).order_by("sort_order").first()
    recognised = notice.entries.filter(center__isnull=False).order_by("sort_order").first()
    for real_name, unit, state, reply in ENDED_OBJECTIONS:
        objection, _ = _objection(
            notice,
            real_name=real_name,
            unit=unit,
            facts="对拟认定中心的服务能力提出异议。",
            submitted_at=submitted_at,
            entry=not_approved if state == ObjectionState.UPHELD else recognised,
        )
        _decide(objection, state, reply)
        numbers.append(objection.receipt_number)
    return numbers


def load_open_objection(notice) -> list[str]:
    if notice is None:
        return []
    real_name, unit, facts = OPEN_OBJECTION
    objection, created = _objection(notice, real_name=real_name, unit=unit, facts=facts, submitted_at=timezone.now())
    if created:
        attachment = Attachment(
            objection=objection,
            role=AttachmentRole.EVIDENCE,
            original_name="社保缴纳记录.pdf",
            content_type="application/pdf",
            size=len(EVIDENCE_PDF),
        )
        attachment.file.save("demo-evidence.pdf", ContentFile(EVIDENCE_PDF), save=False)
        attachment.save()
    return [objection.receipt_number]


def load_draft(notice) -> str:
    """A saved, unsubmitted application; returns its private link."""
    if notice is None:
        return ""
    area = Area.objects.filter(division_code="3605").order_by("locale_id").first() or Area.objects.first()
    if area is None:
        return ""
    draft, _ = Application.objects.get_or_create(
        notice=notice,
        lead_unit_credit_code="91360500MA35DRAFTY",
        defaults={
            "state": ApplicationState.DRAFT,
            "lead_unit_name": "新余锂电数字科技有限公司",
            "unit_type": UnitType.SERVICE_PROVIDER,
            "area": area,
            "kind": CenterKind.REGIONAL,
            "contact_name": "刘洋",
            "phone": "0790-6661234",
            "email": "draft@example.org",
            "condition_statements": {"regional_1": "本单位为独立法人，运行良好，未纳入联合失信惩戒目录。"},
        },
    )
    return f"{notice.url}apply/?draft={draft_token(draft)}"


def load(context: dict) -> str:
    ended = load_ended_objections(context.get("publicity_ended"))
    opened = load_open_objection(context.get("publicity_open"))
    draft_link = load_draft(context.get("application_notice_open"))
    context["submissions_public"] = {"objections": ended + opened, "draft_link": draft_link}
    change_reports = load_change_reports(context)
    status = reverse("submissions:status")
    return (
        f"submissions: {len(ended)} decided objection(s) on the ended publicity, {len(opened)} on the open one "
        f"(try {status} with {', '.join(ended + opened)} and code {DEMO_ACCESS_CODE})"
        + (f"; a saved draft at {draft_link}" if draft_link else "")
        + (f"; {change_reports}" if change_reports else "")
    )
