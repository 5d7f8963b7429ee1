"""Demo change reports (Art. 17): a pending one sent in time and an overdue one (sent after the month was
up), on two active demo centers not proposed for revocation. Safe to run again: a report is found by its
center, kind and reporting unit first."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from directory.models import CenterStatus, ProposalState, RevocationProposal
from submissions import services
from submissions.models import Attachment, AttachmentRole, ChangeKind, ChangeReport, ChangeReporter

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
    report = services.change_report_create(center=center, data=data, on=submitted_on).submission
    document = Attachment(
        change_report=report,
        role=AttachmentRole.EVIDENCE,
        original_name="管理单位同意函.pdf",
        content_type="application/pdf",
        size=len(DEMO_PDF),
    )
    document.file.save("demo-consent.pdf", ContentFile(DEMO_PDF), save=False)
    document.save()
    return report


def load_change_reports(context: dict) -> str:
    centers = context.get("centers") or {}
    if not centers:
        return ""
    today = timezone.localdate()
    proposed = {p.center.translation_key for p in RevocationProposal.objects.filter(state=ProposalState.PROPOSED)}
    exclude = {slug for slug, c in centers.items() if c.translation_key in proposed}
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
    return f"{reports} change report(s)"
