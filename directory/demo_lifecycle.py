"""Demo content of the center lifecycle: every state at least once. Runs after the directory and notices
demo steps (which already leave one center revoked for two fails, so its lead unit is banned, and one
under reorganisation after a fail). This step adds a staff proposal to revoke a center for false
materials (awaiting confirmation), a pending and an overdue change report, and gives the roles their
lifecycle permissions. Safe to run again: records are found by their natural keys first."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from directory import lifecycle
from directory.models import (
    CenterStatus,
    ChangeKind,
    ChangeReport,
    ChangeReportDocument,
    ChangeReporter,
    ProposalState,
    ReorganisationTask,
    Revocation,
    RevocationCause,
    RevocationProposal,
)

# Role group name → lifecycle permissions (codenames in the directory app).
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _pick(centers: dict, *, exclude=()):
    """A demo center in good standing to play a part, chosen the same way on every run."""
    for slug in sorted(centers):
        center = centers[slug]
        center.refresh_from_db()
        if slug not in exclude and center.status == CenterStatus.ACTIVE:
            return center
    return None


def _ensure_change_report(center, *, kind, changed_on, submitted_on, unit, description, **fields):
    report = ChangeReport.objects.filter(center=center, kind=kind, reporting_unit=unit).first()
    if report is not None:
        return report
    data = {
        "reported_by": ChangeReporter.CENTER,
        "reporting_unit": unit,
        "kind": kind,
        "changed_on": changed_on,
        "description": description,
        "new_name": "",
        "new_lead_unit_name": "",
        "new_lead_unit_credit_code": "",
        "management_unit_agreed": True,
        "contact_name": "刘晓燕",
        "phone": "0791-86123456",
        "email": "change-report@example.org",
        **fields,
    }
    report, _code = lifecycle.change_report_create(center=center, data=data, on=submitted_on)
    document = ChangeReportDocument(
        report=report, original_name="管理单位同意函.pdf", content_type="application/pdf", size=len(DEMO_PDF)
    )
    document.file.save("demo-consent.pdf", ContentFile(DEMO_PDF), save=False)
    document.save()
    return report


def load_lifecycle(context: dict) -> str:
    centers = context.get("centers") or {}
    if not centers:
        return "lifecycle: no demo centers, nothing added"
    today = timezone.localdate()
    users = context.get("users", {})
    editor = users.get("editor")

    # Proposed for revocation: cause (2), entered by staff with evidence, awaiting confirmation.
    proposed = RevocationProposal.objects.filter(
        cause=RevocationCause.FALSE_MATERIALS, proposed_by__isnull=False
    ).first()
    if proposed is None:
        target = _pick(centers)
        if target is not None:
            proposed = lifecycle.revocation_propose(
                center=target,
                cause=RevocationCause.FALSE_MATERIALS,
                evidence="年度运行评价复核发现：申报材料所列服务企业中有 37 家无服务记录，营收数据与审计报告不符"
                "（复核意见见附件）。",
                on=today - dt.timedelta(days=4),
                by=editor,
            )

    # A pending change report (in time) and an overdue one (sent after the month was up).
    exclude = {slug for slug, c in centers.items() if proposed and c.translation_key == proposed.center.translation_key}
    first = _pick(centers, exclude=exclude)
    second = _pick(centers, exclude=exclude | {first.slug if first else ""})
    reports = 0
    if first is not None:
        _ensure_change_report(
            first,
            kind=ChangeKind.NAME,
            changed_on=today - dt.timedelta(days=12),
            submitted_on=today - dt.timedelta(days=2),
            unit=first.lead_unit_name,
            description="经股东会决议并报管理单位同意，中心对外名称变更，运营主体不变。",
            new_name=first.title.replace("促进中心", "促进中心（数智服务）"),
        )
        reports += 1
    if second is not None:
        _ensure_change_report(
            second,
            kind=ChangeKind.RESTRUCTURING,
            changed_on=today - dt.timedelta(days=75),
            submitted_on=today - dt.timedelta(days=3),
            unit=second.lead_unit_name,
            description="牵头单位完成股权重组，新设运营公司承接中心业务。",
        )
        reports += 1

    reorganising = ReorganisationTask.objects.filter(closed=False).count()
    bans = lifecycle.revocations_banning(on=today).count()
    return (
        f"lifecycle: {reorganising} reorganisation task(s), "
        f"{RevocationProposal.objects.filter(state=ProposalState.PROPOSED).count()} proposal(s) awaiting confirmation, "
        f"{Revocation.objects.count()} revocation(s) with {bans} active ban(s), {reports} change reports"
    )
