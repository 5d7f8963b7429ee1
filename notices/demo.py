"""Demo notices (docs/contract.md): the measures as a policy document, an open and a closed application
notice, an open and an ended 公示, last year's evaluation bulletin and a revocation, plus the "Notice
review" workflow. Dates are relative to the day it runs; safe to run again (pages found by slug)."""

import datetime as dt
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape
from wagtail.documents import get_document_model

from directory.models import CenterKind, CenterPage, CenterRating, CenterStatus, Rating
from home.china import CHINA
from home.demo import child_by_slug, ensure_child, ensure_translation
from notices.models import (
    ApplicationNotice,
    BulletinRating,
    EvaluationBulletin,
    NoticeAttachment,
    NoticeIndexPage,
    PolicyNotice,
    PublicityEntry,
    PublicityNotice,
    RevocationNotice,
)
from notices.workflows import ensure_notice_workflow

# The measures as published (Simplified text), kept beside the app so a fresh clone has them.
MEASURES_FILE = Path(__file__).resolve().parent / "data" / "management-measures.zh-hans.txt"
MEASURES_NUMBER = "赣工信规字〔2024〕4号"
DEPARTMENTS = "江西省工业和信息化厅、江西省发展和改革委员会、江西省科学技术厅"
UNITS_IN_ENGLISH = {
    "江西省工业和信息化厅": "Department of Industry and Information Technology of Jiangxi Province",
    "江西省发展和改革委员会": "Development and Reform Commission of Jiangxi Province",
    "江西省科学技术厅": "Department of Science and Technology of Jiangxi Province",
}

MEASURES_EN = [
    ("heading", "Chapter 1 General provisions"),
    (
        "paragraph",
        "<p><b>Art. 1–3.</b> These measures build a support system for digital transformation and govern the "
        "provincial Digital Transformation Promotion Centers. A center pools platforms, service providers, talent "
        "and finance to provide public services: supply–demand matchmaking, diagnosis and consulting, innovation "
        "validation, results transfer, ecosystem building, industry incubation, application promotion, "
        "industry–finance matchmaking, talent training and knowledge outreach. The provincial Department of "
        "Industry and Information Technology, with the Development and Reform Commission and the Department of "
        "Science and Technology, guides selection, review and evaluation; city bureaus carry out preliminary "
        "review and recommendation.</p>",
    ),
    ("heading", "Chapter 2 Conditions for applying"),
    (
        "paragraph",
        "<p><b>Art. 4–5.</b> Enterprises, leading digital-economy firms, universities, research institutes, public "
        "institutions, industry associations and service providers may apply, alone or as a consortium with a lead "
        "unit and a signed cooperation agreement. Centers are regional (serving an area's clusters and at least "
        "two industries) or industry (serving one industry's chain); each kind has nine conditions.</p>",
    ),
    ("heading", "Chapter 3 Application and recognition"),
    (
        "paragraph",
        "<p><b>Art. 6–10.</b> The provincial department issues a yearly application notice. Applicants submit an "
        "application book and construction plan to the city bureau of their area, which reviews and recommends them. "
        "Experts review the applications; the proposed list is made public for objections and, if there is no "
        "objection, published.</p>",
    ),
    ("heading", "Chapter 4 Operation and management"),
    (
        "paragraph",
        "<p><b>Art. 11–18.</b> Regional centers are managed by their city bureau, industry centers by the unit that "
        "recommended them. Centers are evaluated every year and rated excellent, good, pass or fail. A center is "
        "revoked for two consecutive fails, false materials, a major accident or serious violation, or closure; it "
        "may not apply again for two or three years depending on the cause. Changes are reported within one month. "
        "The province promotes centers and supports matchmaking events.</p>",
    ),
    ("heading", "Chapter 5 Supplementary provisions"),
    (
        "paragraph",
        "<p><b>Art. 19–21.</b> Evaluation indicators are issued separately. These measures take effect on "
        "26 October 2024 and replace the 2022 trial measures (赣工信规字〔2022〕4号). This English text is a "
        "summary for convenience; the Chinese text prevails.</p>",
    ),
]


REVOCATION_SUMMARIES = {
    "two_fails": "该中心连续两年运行评价结果为不合格，依据《管理办法》第十五条撤销其省级数字化转型促进中心资格。",
    "other": "依据《管理办法》第十五条撤销其省级数字化转型促进中心资格。",
}


REQUIREMENTS_EN = (
    "<ol><li>Independent legal persons registered in Jiangxi, in good standing (Art. 4–5).</li>"
    "<li>Consortia name a lead unit and sign a cooperation agreement first (Art. 4).</li>"
    "<li>Apply to the city bureau of your area with the application book and construction plan (Art. 7).</li></ol>"
)

# (proposed center, lead unit, area slug, industry slug): the first batch of this year, all new units.
OPEN_PROPOSALS = [
    ("共青城纺织服装产业数字化转型促进中心", "江西共青纺织智造科技有限公司", "jiujiang", "textiles"),
    ("萍乡市工业陶瓷数字化转型促进中心", "萍乡陶联工业陶瓷科技有限公司", "pingxiang", "ceramics"),
    ("鹰潭市物联网数字化转型促进中心", "鹰潭智联物联网研究院", "yingtan", "electronics"),
]
# Listed on last year's 公示 and not approved after it: an objection against it was upheld (submissions.demo).
NOT_APPROVED_AFTER_PUBLICITY = (
    "宜春市锂电材料数字化转型促进中心",
    "宜春锂源数字科技有限公司",
    "yichun",
    "lithium-batteries",
)


def notice_in_english(notice, en, **fields):
    """The notice's English page (`ensure_translation`), its issuing units named in English: an English page
    shows no Chinese name where the English one is known (issue 16)."""
    fields.setdefault("issuing_units", "、".join(UNITS_IN_ENGLISH.get(unit, unit) for unit in notice.issuing_unit_list))
    return ensure_translation(notice, en, **fields)


def _list_paragraph(names: list[str], lead: str) -> str:
    items = "".join(f"<li>{escape(name)}</li>" for name in names)
    return f"<p>{escape(lead)}</p><ol>{items}</ol>"


REVOCATION_SUMMARIES_EN = {
    "two_fails": "Rated fail in two consecutive years, the center loses its provincial title under Art. 15.",
    "other": "The center loses its provincial title under Art. 15.",
}


ENTRY_FIELDS = ("center", "proposed_name", "lead_unit_name", "kind", "area", "industry")


def entries_in_place(parent, slug: str, wanted: list[PublicityEntry]) -> list[PublicityEntry]:
    """The entries to give the 公示 `slug` under `parent`: each wanted entry updates the existing row with
    the same natural key (its center, or its proposed name) instead of replacing it, and existing rows the
    demo no longer lists are kept. So running the demo again never deletes an entry, and objections that
    people filed against one keep it."""
    page = child_by_slug(parent, slug)
    existing = list(page.entries.all()) if page is not None else []

    def key(entry):
        return ("center", entry.center_id) if entry.center_id else ("name", entry.proposed_name)

    by_key = {key(entry): entry for entry in existing}
    entries = []
    for entry in wanted:
        row = by_key.pop(key(entry), None)
        if row is None:
            row = entry
        else:
            for name in ENTRY_FIELDS:
                setattr(row, name, getattr(entry, name))
        entries.append(row)
    entries += sorted(by_key.values(), key=lambda entry: entry.sort_order or 0)
    for position, entry in enumerate(entries):
        entry.sort_order = position
    return entries


def fresh(page):
    return type(page).objects.get(pk=page.pk)


def _china(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CHINA)


def measures_body() -> list:
    """The measures as body blocks: chapters as headings, articles as paragraphs (wrapped lines joined)."""
    lines = [line.strip() for line in MEASURES_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    paragraphs: list[str] = []
    for line in lines[1:]:
        if paragraphs and paragraphs[-1][-1] in "、，,（(":
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    blocks = []
    for text in paragraphs:
        if text.startswith("第") and "章" in text[:5]:
            blocks.append(("heading", text))
        else:
            blocks.append(("paragraph", f"<p>{escape(text)}</p>"))
    return blocks


def ensure_template_document(title: str, sheet_title: str, headers: list[str]):
    """A small XLSX template an applicant downloads (found by title, created once)."""
    from openpyxl import Workbook  # deferred: only a first demo load writes these templates

    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is not None:
        return document
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append(headers)
    buffer = io.BytesIO()
    workbook.save(buffer)
    document = Document(title=title, file_size=len(buffer.getvalue()))
    document.file.save("application-summary.xlsx", ContentFile(buffer.getvalue()), save=False)
    document.save()
    return document


def _last_year_rating(center: CenterPage, year: int) -> str:
    record = CenterRating.objects.filter(center_key=center.translation_key, year=year).first()
    return record.rating if record else Rating.GOOD


def load(context: dict) -> str:
    zh, en = context["locales"]
    home = context["home"]
    centers: dict = context.get("centers") or {}
    areas: dict = context.get("areas") or {}
    industries: dict = context.get("industries") or {}
    today = timezone.localdate()
    last_year = today.year - 1

    index = ensure_child(
        home,
        NoticeIndexPage,
        "notices",
        title="通知公告",
        intro="<p>申报通知、公示名单、运行评价结果、撤销公告和政策文件。可订阅 RSS。</p>",
    )
    index_en = ensure_translation(
        index,
        en,
        title="Notices",
        intro="<p>Application notices, publicity lists, evaluation results, revocations and policy documents. "
        "Subscribe by RSS.</p>",
    )
    ensure_notice_workflow(index, index_en)

    measures = ensure_child(
        index,
        PolicyNotice,
        "management-measures-2024",
        title="江西省省级数字化转型促进中心管理办法",
        document_number=MEASURES_NUMBER,
        issuing_units=DEPARTMENTS,
        published_on=dt.date(2024, 9, 26),
        in_force_from=dt.date(2024, 10, 26),
        summary="规范省级数字化转型促进中心的申报、认定、运行评价和撤销，自2024年10月26日起施行。",
        body=measures_body(),
    )
    notice_in_english(
        measures,
        en,
        title="Management Measures for Jiangxi Provincial Digital Transformation Promotion Centers",
        summary="How provincial Digital Transformation Promotion Centers are applied for, recognised, evaluated "
        "and revoked. In force from 26 October 2024.",
        body=MEASURES_EN,
    )

    template = ensure_template_document(
        "数字化转型促进中心申报信息汇总表",
        "申报信息",
        ["序号", "中心名称", "类型", "牵头单位", "统一社会信用代码", "所在设区市", "服务行业", "联系人", "联系电话"],
    )
    requirements = (
        "<ol><li>申报单位为在江西省内注册、具有独立法人资格的单位，运行良好且未纳入联合失信惩戒目录（第四条、第五条）。</li>"
        "<li>联合体申报须明确牵头单位，并在申报前签订合作协议（第四条）。</li>"
        "<li>申报单位向所在设区市工业和信息化主管部门提交申报书和建设方案（第七条）。</li></ol>"
    )
    # This year runs two batches: the first closed in the summer and its 公示 is open now; the second is open.
    first_batch = ensure_child(
        index,
        ApplicationNotice,
        f"application-{today.year}-first",
        title=f"关于组织申报{today.year}年度第一批省级数字化转型促进中心的通知",
        document_number=f"赣工信数字函〔{today.year}〕7号",
        published_on=today - dt.timedelta(days=120),
        summary="第一批申报已截止，拟认定名单正在公示。",
        round_year=today.year,
        window_opens_at=_china(today - dt.timedelta(days=120), 9),
        window_closes_at=_china(today - dt.timedelta(days=90), 17),
        accepts_regional=True,
        accepts_industry=True,
        requirements=requirements,
    )
    notice_in_english(
        first_batch,
        en,
        title=f"Call for applications: provincial Digital Transformation Promotion Centers, {today.year}, first batch",
        summary="The first batch has closed; its proposed list is now publicised.",
        requirements=REQUIREMENTS_EN,
    )
    open_application = ensure_child(
        index,
        ApplicationNotice,
        f"application-{today.year}",
        title=f"关于组织申报{today.year}年度第二批省级数字化转型促进中心的通知",
        document_number=f"赣工信数字函〔{today.year}〕18号",
        published_on=today - dt.timedelta(days=10),
        summary="第二批申报窗口已开放，请申报单位在截止时间前通过本平台在线提交申报材料。",
        round_year=today.year,
        window_opens_at=_china(today - dt.timedelta(days=10), 9),
        window_closes_at=_china(today + dt.timedelta(days=20), 17),
        accepts_regional=True,
        accepts_industry=True,
        requirements=requirements,
        attachments=[NoticeAttachment(document=template, caption="附件：申报信息汇总表（XLSX）")],
    )
    notice_in_english(
        open_application,
        en,
        title=f"Call for applications: provincial Digital Transformation Promotion Centers, {today.year}, second batch",
        summary="The second batch is open; applicant units submit online before the deadline.",
        requirements=REQUIREMENTS_EN,
    )
    last_round = ensure_child(
        index,
        ApplicationNotice,
        f"application-{last_year}",
        title=f"关于组织申报{last_year}年度省级数字化转型促进中心的通知",
        document_number=f"赣工信数字函〔{last_year}〕21号",
        published_on=dt.date(last_year, 4, 1),
        summary="本轮申报已截止，认定名单已公布。",
        round_year=last_year,
        window_opens_at=_china(dt.date(last_year, 4, 1), 9),
        window_closes_at=_china(dt.date(last_year, 5, 15), 17),
        requirements=requirements,
    )
    notice_in_english(
        last_round,
        en,
        title=f"Call for applications: provincial Digital Transformation Promotion Centers, {last_year}",
        summary="This round has closed; the list of recognised centers has been published.",
        requirements=REQUIREMENTS_EN,
    )

    center_list = list(centers.values())
    objection_howto = (
        "<p>公示期间，任何单位和个人如有异议，可通过本页“提交异议”在线实名提交书面意见，"
        "写明异议事项、理由和联系方式并附证明材料；匿名异议不予受理。</p>"
    )
    objection_howto_en = (
        "<p>During the period anyone may file a real-name written objection online with reasons, contact details "
        "and evidence. Anonymous objections are not accepted.</p>"
    )
    # New units only: a center already recognised is never proposed again.
    open_entries = [
        PublicityEntry(
            proposed_name=name,
            lead_unit_name=lead,
            kind=CenterKind.INDUSTRY,
            area=areas.get(area),
            industry=industries.get(industry),
        )
        for name, lead, area, industry in OPEN_PROPOSALS
    ]
    publicity_open = ensure_child(
        index,
        PublicityNotice,
        f"publicity-{today.year}",
        title=f"{today.year}年度第一批省级数字化转型促进中心拟认定名单公示",
        document_number="",
        published_on=today - dt.timedelta(days=2),
        summary="经申报、初审和专家评审，现将第一批拟认定名单予以公示，接受社会监督。",
        period_starts_on=today - dt.timedelta(days=2),
        working_days=None,
        period_ends_on=today + dt.timedelta(days=5),
        objection_instructions=objection_howto,
        round_notice=first_batch,
        list_notice=None,
        entries=entries_in_place(index, f"publicity-{today.year}", open_entries),
    )
    notice_in_english(
        publicity_open,
        en,
        title=f"Publicity: proposed provincial Digital Transformation Promotion Centers, {today.year}, first batch",
        summary="After application, preliminary and expert review, the proposed list is published for objections.",
        objection_instructions=objection_howto_en,
        round_notice=first_batch,
        list_notice=None,
    )

    # Last year's round: its 公示 listed the centers recognised that year and one unit an upheld objection
    # kept off the list (submissions.demo files the objections); the published list names the others.
    recognised = [center for center in center_list if center.batch_year == last_year]
    ended_start = dt.date(last_year, 9, 29)
    ended_entries = [PublicityEntry(center=center, kind=center.kind, area_id=center.area_id) for center in recognised]
    name, lead, area, industry = NOT_APPROVED_AFTER_PUBLICITY
    ended_entries.append(
        PublicityEntry(
            proposed_name=name,
            lead_unit_name=lead,
            kind=CenterKind.INDUSTRY,
            area=areas.get(area),
            industry=industries.get(industry),
        )
    )
    published_list = ensure_child(
        index,
        PolicyNotice,
        f"recognised-list-{last_year}",
        title=f"关于公布{last_year}年度省级数字化转型促进中心名单的通知",
        document_number=f"赣工信数字字〔{last_year}〕35号",
        issuing_units=DEPARTMENTS,
        published_on=dt.date(last_year, 11, 10),
        summary=f"经申报、评审和公示，认定{len(recognised)}家单位为{last_year}年度省级数字化转型促进中心。",
        body=[
            (
                "paragraph",
                _list_paragraph(
                    [c.title for c in recognised],
                    "经申报、初审、专家评审和公示，认定以下单位为省级数字化转型促进中心：",
                ),
            )
        ],
    )
    recognised_en = [c.get_translation_or_none(en) or c for c in recognised]
    notice_in_english(
        published_list,
        en,
        title=f"List of provincial Digital Transformation Promotion Centers recognised in {last_year}",
        summary=f"After application, review and publicity, {len(recognised)} centers are recognised for {last_year}.",
        body=[
            (
                "paragraph",
                _list_paragraph(
                    [c.title for c in recognised_en],
                    "After application, preliminary and expert review and publicity, these centers are recognised:",
                ),
            )
        ],
    )
    publicity_ended = ensure_child(
        index,
        PublicityNotice,
        f"publicity-{last_year}",
        title=f"{last_year}年度省级数字化转型促进中心拟认定名单公示",
        published_on=ended_start,
        summary="公示期已结束，公示结果见本页；认定名单已另行发文公布。",
        period_starts_on=ended_start,
        working_days=5,
        objection_instructions=objection_howto,
        round_notice=last_round,
        list_notice=published_list,
        entries=entries_in_place(index, f"publicity-{last_year}", ended_entries),
    )
    notice_in_english(
        publicity_ended,
        en,
        title=f"Publicity: proposed provincial Digital Transformation Promotion Centers, {last_year}",
        summary="The publicity period has ended; its result is on this page, and the list has been published.",
        objection_instructions=objection_howto_en,
        round_notice=last_round,
        list_notice=published_list,
    )

    rated = [c for c in center_list if c.batch_year <= last_year]
    bulletin = ensure_child(
        index,
        EvaluationBulletin,
        f"evaluation-{last_year}",
        title=f"关于{last_year}年度省级数字化转型促进中心运行评价结果的通报",
        document_number=f"赣工信数字字〔{today.year}〕6号",
        published_on=max(dt.date(today.year, 3, 20), today - dt.timedelta(days=200)),
        summary=f"{last_year}年度运行评价结果分为优秀、良好、合格、不合格四个等次。",
        evaluation_year=last_year,
        ratings=[BulletinRating(center=c, rating=_last_year_rating(c, last_year)) for c in rated],
    )
    notice_in_english(
        bulletin,
        en,
        title=f"Evaluation results of provincial Digital Transformation Promotion Centers for {last_year}",
        summary=f"The {last_year} evaluation rates each center excellent, good, pass or fail.",
    )

    revocations = 0
    # Statuses are written by directory services after the pages were loaded: read them afresh.
    revoked = CenterPage.objects.filter(pk__in=[c.pk for c in center_list], status=CenterStatus.REVOKED)
    for center in revoked.exclude(revocation_cause=""):
        revocation = ensure_child(
            index,
            RevocationNotice,
            f"revocation-{center.slug}",
            title=f"关于撤销{center.title}省级数字化转型促进中心资格的通知",
            document_number=f"赣工信数字字〔{today.year}〕9号",
            published_on=center.status_changed_on or today,
            summary=REVOCATION_SUMMARIES.get(center.revocation_cause, REVOCATION_SUMMARIES["other"]),
            center=center,
            cause=center.revocation_cause,
            effective_on=center.status_changed_on or today,
        )
        center_en = center.get_translation_or_none(en)
        notice_in_english(
            revocation,
            en,
            title=f"Notice on revoking the title of {center_en.title if center_en else center.title}",
            summary=REVOCATION_SUMMARIES_EN.get(center.revocation_cause, REVOCATION_SUMMARIES_EN["other"]),
        )
        revocations += 1

    # Fresh from the database: the instances above may still hold the unsaved child rows they were given.
    context.update(
        {
            "notices_page": fresh(index),
            "application_notice_open": fresh(open_application),
            "publicity_open": fresh(publicity_open),
            "publicity_ended": fresh(publicity_ended),
            "evaluation_bulletin": fresh(bulletin),
        }
    )
    return (
        f"notices: the measures, 3 application notices, 2 publicity notices, the {last_year} list, 1 bulletin rating "
        f"{len(rated)} centers, "
        f"{revocations} revocation(s); '通知审核' workflow"
    )
