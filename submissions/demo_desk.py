"""Demo content for the review desk: reviewer areas for the city-bureau accounts, a handful of applications
and objections in different states with their history, so a newcomer can click through the desk.

Safe to run again: submissions are found by their unit's credit code (applications) or the objector's
name (objections) in the open round / 公示 before they are created. Every demo submission shares one
access code, printed in the summary, so the status page can be tried too.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Locale

from directory.models import Area, CenterKind, Industry, ReviewerArea
from directory.validators import credit_code_check_character
from notices.models import ApplicationNotice, PublicityNotice
from notices.windows import application_window_open_q, publicity_open_q
from submissions.access_codes import make_hash
from submissions.models import (
    Application,
    Attachment,
    AttachmentRole,
    Objection,
    ReceiptKind,
    StatusChange,
    UnitType,
)
from submissions.receipts import issue_receipt_number
from submissions.states import ApplicationState, ObjectionState

DEMO_ACCESS_CODE = "DEMO2345"

# (area division code or slug, credit code body of 17 characters, unit, kind, industry slug, state, history)
# Each history step: (action, from, to, username, note).
DEMO_APPLICATIONS = [
    (
        "3601",
        "91360100MA35DEMO1",
        "南昌智造云科技有限公司",
        CenterKind.REGIONAL,
        "",
        ApplicationState.RECEIVED,
        [],
    ),
    (
        "3601",
        "91360100MA35DEMO2",
        "江西洪城数字产业研究院",
        CenterKind.INDUSTRY,
        "electronics",
        ApplicationState.RECEIVED,
        [],
    ),
    (
        "3601",
        "91360100MA35DEMO3",
        "南昌航空工业数字服务有限公司",
        CenterKind.INDUSTRY,
        "aviation",
        ApplicationState.PRELIMINARY_PASSED,
        [("pass_preliminary", "received", "preliminary_passed", "nanchang", "材料齐全，符合申报条件，同意推荐。")],
    ),
    (
        "3607",
        "91360700MA35DEMO4",
        "赣州稀土数智科技有限公司",
        CenterKind.INDUSTRY,
        "rare-earths",
        ApplicationState.RECEIVED,
        [],
    ),
    (
        "3607",
        "91360700MA35DEMO5",
        "赣南家具产业数字化服务中心",
        CenterKind.INDUSTRY,
        "furniture",
        ApplicationState.EXPERT_REVIEW,
        [
            ("pass_preliminary", "received", "preliminary_passed", "ganzhou", "符合条件，同意推荐。"),
            ("start_expert_review", "preliminary_passed", "expert_review", "editor", "提交专家评审。"),
        ],
    ),
    (
        "3604",
        "91360400MA35DEMO6",
        "江西共青纺织智造科技有限公司",  # listed on the open 公示 of the first batch (notices.demo)
        CenterKind.INDUSTRY,
        "textiles",
        ApplicationState.IN_PUBLICITY,
        [
            ("pass_preliminary", "received", "preliminary_passed", "admin", "符合条件，同意推荐。"),
            ("start_expert_review", "preliminary_passed", "expert_review", "editor", "提交专家评审。"),
            ("propose_for_publicity", "expert_review", "in_publicity", "editor", "专家评审通过，拟予公示。"),
        ],
    ),
]

# (real name, unit, state, history)
DEMO_OBJECTIONS = [
    ("李明", "", ObjectionState.RECEIVED, []),
    (
        "王芳",
        "景德镇瓷源陶瓷有限公司",
        ObjectionState.INVESTIGATING,
        [("investigate", "received", "investigating", "handler", "已联系异议人核实情况。")],
    ),
]


def valid_credit_code(body: str) -> str:
    body = body.replace("O", "0").replace("I", "1").replace("S", "5").replace("V", "W").replace("Z", "2")
    return body + credit_code_check_character(body)


def _area(code: str, zh: Locale):
    return (
        Area.objects.filter(locale=zh, division_code=code).first()
        or Area.objects.filter(locale=zh, slug=code).first()
        or Area.objects.filter(division_code=code).first()
    )


def _industry(slug: str, zh: Locale):
    if not slug:
        return None
    return Industry.objects.filter(locale=zh, slug=slug).first()


def _history(submission, steps, users, *, submitted_at):
    if submission.history.exists():
        return
    at = submitted_at
    for action, source, target, username, note in steps:
        at += dt.timedelta(days=1)
        change = StatusChange.objects.create(
            application=submission if isinstance(submission, Application) else None,
            objection=submission if isinstance(submission, Objection) else None,
            action=action,
            from_state=source,
            to_state=target,
            note=note,
            actor=users.get(username),
        )
        StatusChange.objects.filter(pk=change.pk).update(at=at)


def ensure_reviewer_areas(users: dict, zh: Locale) -> int:
    count = 0
    for username, code in (("nanchang", "3601"), ("ganzhou", "3607")):
        user, area = users.get(username), _area(code, zh)
        if user is None or area is None:
            continue
        ReviewerArea.objects.get_or_create(user=user, area=area)
        count += 1
    return count


def load_desk(context: dict) -> str:

    users = context.get("users", {})
    zh = context.get("locales", (Locale.objects.filter(language_code="zh-hans").first(),))[0]
    now = timezone.now()
    areas = ensure_reviewer_areas(users, zh)

    round_notice = (
        ApplicationNotice.objects.filter(locale=zh).filter(application_window_open_q(at=now)).first()
        or ApplicationNotice.objects.filter(locale=zh).order_by("-round_year").first()
    )
    # An application in publicity belongs to the round whose 公示 is open (its window has closed) and keeps
    # its entry on that 公示 (Art. 10); the others are in the round open now.
    open_publicity = PublicityNotice.objects.filter(locale=zh).filter(publicity_open_q(at=now)).first()
    code_hash = make_hash(DEMO_ACCESS_CODE)
    if round_notice is not None:
        opened = max(round_notice.window_opens_at, now - dt.timedelta(days=20))
        for position, (code, body, unit, kind, industry, state, steps) in enumerate(DEMO_APPLICATIONS):
            area = _area(code, zh)
            if area is None:
                continue
            credit_code = valid_credit_code(body)
            notice, entry = round_notice, None
            if state == ApplicationState.IN_PUBLICITY and open_publicity is not None and open_publicity.round_notice:
                notice = open_publicity.round_notice
                entry = open_publicity.entries.filter(lead_unit_name=unit).first()
            application = Application.objects.filter(notice=notice, lead_unit_credit_code=credit_code).first()
            submitted_at = (
                opened
                if notice == round_notice
                else max(notice.window_opens_at, notice.window_closes_at - dt.timedelta(days=5))
            ) + dt.timedelta(hours=6 * (position + 1))
            if application is None:
                application = Application.objects.create(
                    notice=notice,
                    receipt_number=issue_receipt_number(kind=ReceiptKind.APPLICATION, year=notice.round_year),
                    access_code_hash=code_hash,
                    contact_name="张工",
                    phone=f"1380791{position:04d}",
                    email=f"applicant{position + 1}@example.org",
                    submitted_at=submitted_at,
                    state=state,
                    lead_unit_name=unit,
                    lead_unit_credit_code=credit_code,
                    unit_type=UnitType.SERVICE_PROVIDER,
                    area=area,
                    kind=kind,
                    target_industry=_industry(industry, zh) if kind == CenterKind.INDUSTRY else None,
                    proposed_name=entry.proposed_name
                    if entry
                    else unit.replace("有限公司", "").replace("中心", "") + "数字化转型促进中心",
                    publicity_entry=entry,
                    condition_statements={f"{kind}_1": "本单位为独立法人，运行良好，未纳入联合失信惩戒目录。"},
                    declaration_accepted=True,
                    duplicate_flag=code == "3607" and industry == "rare-earths",
                    duplicate_note="赣州市稀土产业数字化转型促进中心" if industry == "rare-earths" else "",
                )
                Attachment.objects.create(
                    application=application,
                    role=AttachmentRole.APPLICATION_BOOK,
                    file=ContentFile(f"{unit} 申报书（演示）\n".encode(), name="application-book.txt"),
                    original_name=f"{unit}申报书.txt",
                    content_type="text/plain",
                    size=len(f"{unit} 申报书（演示）\n".encode()),
                )
            _history(application, steps, users, submitted_at=submitted_at)
            if state == ApplicationState.EXPERT_REVIEW and users.get("expert"):
                application.assigned_experts.add(users["expert"])

    publicity = (
        PublicityNotice.objects.filter(locale=zh).filter(publicity_open_q(at=now)).first()
        or PublicityNotice.objects.filter(locale=zh).order_by("-period_starts_on").first()
    )
    if publicity is not None:
        entries = list(publicity.entries.all()[:2])
        for position, (real_name, unit, state, steps) in enumerate(DEMO_OBJECTIONS):
            objection = Objection.objects.filter(notice=publicity, real_name=real_name).first()
            submitted_at = now - dt.timedelta(days=1, hours=position)
            if objection is None:
                objection = Objection.objects.create(
                    notice=publicity,
                    receipt_number=issue_receipt_number(kind=ReceiptKind.OBJECTION, year=now.year),
                    access_code_hash=code_hash,
                    contact_name=real_name,
                    phone=f"1390798{position:04d}",
                    email=f"objector{position + 1}@example.org",
                    submitted_at=submitted_at,
                    state=state,
                    real_name=real_name,
                    unit=unit,
                    facts_and_reasons="该单位申报材料中的服务企业数量与实际不符，请核实。",
                    consent_to_contact=True,
                )
            if entries and not objection.entries.exists():
                objection.entries.add(entries[position % len(entries)])
            _history(objection, steps, users, submitted_at=submitted_at)
    # What the desk lists (every submitted application, every objection of every 公示), not only the rows this
    # step added: the summary a newcomer reads must match the screens they open next.
    on_desk = Application.objects.exclude(state=ApplicationState.DRAFT).count()
    drafts = Application.objects.filter(state=ApplicationState.DRAFT).count()
    all_objections = Objection.objects.count()
    on_open = Objection.objects.filter(notice__in=PublicityNotice.objects.filter(publicity_open_q(at=now))).count()
    return (
        f"review desk: {on_desk} submitted applications (and {drafts} saved draft(s), not listed), "
        f"{all_objections} objections ({on_open} on the open 公示), {areas} reviewer areas "
        f"(status page access code {DEMO_ACCESS_CODE})"
    )
