"""Objections (Art. 10) and the erasure of their personal data (PIPL)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from notices import windows
from submissions import notifications, receipts
from submissions.files import CheckedFile, delete_files_on_commit, saved_atomically
from submissions.models import Attachment, AttachmentRole, Objection, ObjectionEntry, ReceiptKind, StatusChange
from submissions.services.base import Receipt, WindowClosed, ensure_form_not_sent, one_submission_per_form
from submissions.states import FINAL_OBJECTION_STATES, ObjectionState


def ensure_publicity_open(notice, *, at: dt.datetime) -> None:
    """Art. 10: objections are accepted only while the 公示 period is open (its end day included,
    Asia/Shanghai, as judged by `notices.windows`); late objections are refused."""
    state = notice.window_state(at=at)
    if state is not windows.WindowState.PUBLICITY_OPEN:
        raise WindowClosed(state)


def earlier_objection_by_same_person(*, notice, real_name: str, phone: str, email: str, entry_ids) -> Objection | None:
    """Objections are real-name: the same person (same name and the same phone or email) objecting again
    to an entry they objected to before is linked to their first objection, not merged or lost."""
    return (
        Objection.objects.filter(notice=notice, real_name=real_name, entries__in=list(entry_ids))
        .filter(Q(phone=phone) | Q(email__iexact=email))
        .exclude(receipt_number__isnull=True)
        .order_by("submitted_at", "pk")
        .first()
    )


# --- Objections -------------------------------------------------------------------------------------


def objection_create(
    *, notice, data: dict, files: list[CheckedFile], at: dt.datetime, language: str, form_token: str | None = None
) -> Receipt:
    """Receive a real-name objection (Art. 10) while the 公示 is open: it names at least one entry of
    this notice, is linked to the same person's earlier objection to the same entry, gets a YY receipt
    number and an access code, and is saved with its evidence in one transaction. A second POST of the
    same form (`form_token`) raises AlreadyReceived with the first objection.
    The receipt number is taken last (`receipts.give_receipt_number`)."""
    ensure_form_not_sent(Objection, form_token)
    ensure_publicity_open(notice, at=at)
    entries = list(data["entries"])
    if not entries or any(entry.notice_id != notice.pk for entry in entries):
        raise ValidationError({"entries": _("Choose at least one center listed in this publicity.")})
    code, code_hash = receipts.new_access_code()

    def write(stored):
        objection = Objection(
            notice=notice,
            real_name=data["real_name"].strip(),
            unit=data.get("unit", "").strip(),
            contact_name=data["real_name"].strip(),
            phone=data["phone"],
            email=data["email"],
            facts_and_reasons=data["facts_and_reasons"],
            consent_to_contact=bool(data.get("consent_to_contact")),
            language=language,
            submitted_at=at,
            access_code_hash=code_hash,
            form_token=form_token,
        )
        objection.related_to = earlier_objection_by_same_person(
            notice=notice,
            real_name=objection.real_name,
            phone=objection.phone,
            email=objection.email,
            entry_ids=[e.pk for e in entries],
        )
        objection.save()
        ObjectionEntry.objects.bulk_create(ObjectionEntry(objection=objection, entry=entry) for entry in entries)
        for checked in files:
            stored.attach(checked, role=AttachmentRole.EVIDENCE, objection=objection)
        StatusChange.objects.create(objection=objection, action="submit", to_state=ObjectionState.RECEIVED)
        receipts.give_receipt_number(objection, kind=ReceiptKind.OBJECTION, at=at)
        notifications.send_receipt(objection, access_code=code)
        return objection

    with one_submission_per_form(Objection, form_token):
        objection = saved_atomically(write)
    return Receipt(objection, objection.receipt_number, code)


# --- Privacy ----------------------------------------------------------------------------------------


def objections_due_for_erasure(*, at: dt.datetime, retention_days: int):
    """PIPL Art. 19 and 47: personal data is kept no longer than its purpose needs. An objection is due
    when it was closed (upheld or dismissed) more than `retention_days` ago and not yet erased; it was
    closed when it last moved into a final state (its history), or at its last update if it has none."""
    cutoff = at - dt.timedelta(days=retention_days)
    return (
        Objection.objects.filter(state__in=FINAL_OBJECTION_STATES, personal_data_erased_at__isnull=True)
        .annotate(
            closed_at=Coalesce(
                Max("history__at", filter=Q(history__to_state__in=FINAL_OBJECTION_STATES)), F("updated_at")
            )
        )
        .filter(closed_at__lt=cutoff)
    )


def objections_erase_personal_data(*, at: dt.datetime, retention_days: int) -> int:
    """Erase the personal data of objections closed longer than the retention period: name, unit,
    contact details, the facts written, the reply, staff notes and evidence files. The row, its receipt
    number, entries, state and dates stay, so public counts and outcomes are unchanged."""
    due = list(objections_due_for_erasure(at=at, retention_days=retention_days).values_list("pk", flat=True))
    if not due:
        return 0
    with transaction.atomic():
        attachments = Attachment.objects.filter(objection_id__in=due)
        delete_files_on_commit([a.file.name for a in attachments])
        attachments.delete()
        StatusChange.objects.filter(objection_id__in=due).update(note="")
        Objection.objects.filter(pk__in=due).update(
            real_name="",
            unit="",
            contact_name="",
            phone="",
            email="",
            id_last_digits="",
            facts_and_reasons="",
            reply="",
            consent_to_contact=False,
            personal_data_erased_at=at,
        )
    return len(due)
