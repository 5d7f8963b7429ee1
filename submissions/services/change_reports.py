"""Change reports (Art. 17): a center or its management unit reports a change of name, merger, split,
restructuring or suspension; staff confirm it (the center page changes, through
`directory.services.center_apply_change`) or return it with a reply. Every step is a history row."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import CenterPage
from directory.services import center_apply_change
from submissions import receipts
from submissions.files import CheckedFile, saved_atomically
from submissions.models import (
    AttachmentRole,
    ChangeReport,
    ChangeReportState,
    ReceiptKind,
    StatusChange,
    change_report_due_on,
)
from submissions.services.base import Receipt, ensure_form_not_sent, one_submission_per_form


def _source_version(center: CenterPage) -> CenterPage:
    """The version of `center` in the language it was written in: reports point at it, so a center has
    one list of reports whichever language version the reporter used."""
    source = CenterPage.objects.filter(translation_key=center.translation_key).select_related("area").order_by("pk")
    return source.first() or center


def change_report_create(
    *,
    center: CenterPage,
    data: dict,
    files: list[CheckedFile] = (),
    on: dt.date | None = None,
    language: str = "zh-hans",
    form_token: str | None = None,
) -> Receipt:
    """Art. 17: record a change report with a receipt number (`ReceiptKind.CHANGE_REPORT`) and a one-time
    access code, due one month after the change (`change_report_due_on`). `files` are checked uploads,
    stored privately under random names and removed again if the report cannot be saved. Only the code's
    hash is kept. A second POST of the same form (`form_token`) raises AlreadyReceived with the first."""
    ensure_form_not_sent(ChangeReport, form_token)
    on = on or timezone.localdate()
    code, code_hash = receipts.new_access_code()

    def write(stored):
        report = ChangeReport.objects.create(
            receipt_number=receipts.issue_receipt_number(kind=ReceiptKind.CHANGE_REPORT, year=on.year),
            access_code_hash=code_hash,
            center=_source_version(center),
            due_on=change_report_due_on(data["changed_on"]),
            submitted_on=on,
            submitted_at=timezone.now(),
            language=language,
            form_token=form_token,
            **data,
        )
        for checked in files:
            stored.attach(checked, role=AttachmentRole.EVIDENCE, change_report=report)
        StatusChange.objects.create(change_report=report, action="submit", to_state=ChangeReportState.PENDING)
        return report

    with one_submission_per_form(ChangeReport, form_token):
        report = saved_atomically(write)
    return Receipt(report, report.receipt_number, code)


def _ensure_pending(report: ChangeReport) -> None:
    if report.state != ChangeReportState.PENDING:
        raise ValidationError(_("This change report has already been decided."))


@transaction.atomic
def change_report_confirm(*, report: ChangeReport, by=None) -> CenterPage:
    """Art. 17: the province confirms a reported change. What it changes on the center (new name, former
    name, lead unit, a published revision) is `directory.services.center_apply_change`."""
    _ensure_pending(report)
    center, old_name = center_apply_change(
        center=report.center,
        changed_on=report.changed_on,
        new_name=report.new_name,
        new_lead_unit_name=report.new_lead_unit_name,
        new_lead_unit_credit_code=report.new_lead_unit_credit_code,
        by=by,
    )
    report.old_name = old_name
    report.state = ChangeReportState.CONFIRMED
    report.decided_by = by
    report.decided_at = timezone.now()
    report.save(update_fields=["state", "decided_by", "decided_at", "old_name", "updated_at"])
    StatusChange.objects.create(
        change_report=report,
        action="confirm",
        from_state=ChangeReportState.PENDING,
        to_state=ChangeReportState.CONFIRMED,
        actor=by,
    )
    return center


@transaction.atomic
def change_report_return(*, report: ChangeReport, reply: str, by=None) -> ChangeReport:
    """Art. 17: staff return a change report they cannot confirm (e.g. the management unit has not
    agreed), telling the reporter why."""
    _ensure_pending(report)
    if not (reply or "").strip():
        raise ValidationError({"reply": _("Tell the reporter why the report is returned.")})
    report.state = ChangeReportState.REJECTED
    report.reply = reply
    report.decided_by = by
    report.decided_at = timezone.now()
    report.save(update_fields=["state", "reply", "decided_by", "decided_at", "updated_at"])
    StatusChange.objects.create(
        change_report=report,
        action="return",
        from_state=ChangeReportState.PENDING,
        to_state=ChangeReportState.REJECTED,
        note=reply,
        actor=by,
    )
    return report


def change_reports_recount_due(*, year: int) -> int:
    """Art. 17 (`change_report_due_on`): when staff enter, correct or remove the official holiday calendar
    of `year`, the due day of every report whose last day falls in or next to that year is counted again —
    a day first counted with weekends alone may move past a holiday. Returns how many reports changed."""
    reports = list(
        ChangeReport.objects.filter(changed_on__gte=dt.date(year - 1, 11, 1), changed_on__lte=dt.date(year, 12, 31))
    )
    changed = []
    for report in reports:
        due_on = change_report_due_on(report.changed_on)
        if due_on != report.due_on:
            report.due_on = due_on
            changed.append(report)
    ChangeReport.objects.bulk_update(changed, ["due_on"])
    return len(changed)


def recount_due_after_calendar_change(sender, instance, **kwargs) -> None:
    """Receiver for a holiday schedule saved or deleted: recount once the schedule's days are stored too
    (a schedule saves its days after itself), after the commit."""
    transaction.on_commit(lambda: change_reports_recount_due(year=instance.year))
