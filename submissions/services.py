"""Writes for what the public submits: applications (Art. 4–9) and objections (Art. 10).

Each rule of the measures is one function here, named for what it decides and citing its article. A
submission is saved in one transaction with its files: if any file cannot be stored, no row stays and
files already written are removed. Errors meant for a person are `ValidationError`s keyed by the form's
field names, so the view shows them beside the field.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.translation import gettext as _
from wagtail.models import Locale

from directory.lifecycle import Ban, active_ban_for
from directory.models import CenterKind, CenterPage, CenterStatus, RevocationCause
from notices import windows
from submissions import files, notifications, receipts
from submissions.models import (
    Application,
    ApplicationMember,
    Attachment,
    AttachmentRole,
    Objection,
    ReceiptKind,
    StatusChange,
)
from submissions.states import FINAL_OBJECTION_STATES, ApplicationState, ObjectionState

logger = logging.getLogger(__name__)

APPLICATION_FILE_ROLES = {
    "application_book": AttachmentRole.APPLICATION_BOOK,
    "construction_plan": AttachmentRole.CONSTRUCTION_PLAN,
    "cooperation_agreement": AttachmentRole.COOPERATION_AGREEMENT,
}


class WindowClosed(Exception):
    """The notice's window is not open at the time of submission: nothing is stored."""

    def __init__(self, state: windows.WindowState | None):
        self.state = state
        super().__init__(str(state))


@dataclass(frozen=True)
class Receipt:
    """What the submitter is shown once: the receipt number and the access code in clear."""

    submission: Application | Objection
    receipt_number: str
    access_code: str


# --- Rules ------------------------------------------------------------------------------------------


def ensure_application_window_open(notice, *, at: dt.datetime) -> None:
    """Art. 6: applications (and drafts) are accepted only while the round's window is open, as judged
    by `notices.windows`; otherwise raise WindowClosed."""
    state = notice.window_state(at=at)
    if state is not windows.WindowState.APPLICATIONS_OPEN:
        raise WindowClosed(state)


def ensure_publicity_open(notice, *, at: dt.datetime) -> None:
    """Art. 10: objections are accepted only while the 公示 period is open (its end day included,
    Asia/Shanghai, as judged by `notices.windows`); late objections are refused."""
    state = notice.window_state(at=at)
    if state is not windows.WindowState.PUBLICITY_OPEN:
        raise WindowClosed(state)


def ban_message(ban: Ban) -> str:
    cause = RevocationCause(ban.cause).label if ban.cause in RevocationCause.values else ban.cause
    return _(
        "This lead unit may not apply before %(date)s: its center “%(center)s” was revoked on %(revoked)s "
        "for cause %(cause)s (Art. 15), and Art. 16 bars the lead unit from applying again until then."
    ) % {
        "date": formats.date_format(ban.ends_on, "Y-m-d"),
        "center": ban.center_name,
        "revoked": formats.date_format(ban.revoked_on, "Y-m-d"),
        "cause": cause,
    }


def ensure_not_banned(credit_code: str, *, at: dt.datetime) -> None:
    """Art. 16: a lead unit whose center was revoked may not apply again for two years (cause (1)) or
    three years (causes (2)–(3)) from the revocation. The ban itself is decided by
    `directory.lifecycle.active_ban_for`; this refuses with its reason and the date it ends."""
    ban = active_ban_for(credit_code, on=windows.china_today(at))
    if ban is not None:
        raise ValidationError({"lead_unit_credit_code": ban_message(ban)}, code="banned")


def ensure_kind_accepted(notice, kind: str) -> None:
    """Art. 6: the round's notice says which kinds of center it accepts."""
    if kind not in notice.accepted_kinds:
        raise ValidationError(_("This round does not accept this kind of center."), code="kind_not_accepted")


def existing_center_for(*, kind: str, area, industry) -> CenterPage | None:
    """Art. 9: in principle one center per area and one per industry. The active center that a new
    application would duplicate: for a regional application an active regional center in the same area,
    for an industry application an active center serving the same industry. Taxonomies are matched
    across languages by their translation key. Not a refusal: reviewers see the flag."""
    centers = CenterPage.objects.live().filter(status=CenterStatus.ACTIVE, locale=Locale.get_default())
    if kind == CenterKind.REGIONAL and area is not None:
        centers = centers.filter(kind=CenterKind.REGIONAL, area__translation_key=area.translation_key)
    elif kind == CenterKind.INDUSTRY and industry is not None:
        centers = centers.filter(industry_links__industry__translation_key=industry.translation_key)
    else:
        return None
    return centers.order_by("path").only("title").first()


def ensure_agreement_when_consortium(*, members: list[dict], has_agreement: bool) -> None:
    """Art. 4: consortium members sign the cooperation agreement before applying, so an application
    with any member must include it."""
    if members and not has_agreement:
        raise ValidationError(
            {
                "cooperation_agreement": _(
                    "Attach the signed cooperation agreement: the application lists consortium members (Art. 4)."
                )
            },
            code="agreement_required",
        )


def ensure_required_documents(*, present: set[str]) -> None:
    """Art. 7: the materials include the application book (申报书) and the construction plan (建设方案)."""
    errors = {}
    if "application_book" not in present:
        errors["application_book"] = _("Attach the application book (PDF).")
    if "construction_plan" not in present:
        errors["construction_plan"] = _("Attach the construction plan (PDF, DOC or DOCX).")
    if errors:
        raise ValidationError(errors, code="documents_required")


def ensure_lead_unit_not_a_member(*, credit_code: str, members: list[dict]) -> None:
    """Art. 4: the lead unit leads the consortium; it is not also one of its members."""
    if any(m["credit_code"] == credit_code for m in members):
        raise ValidationError(
            {
                "lead_unit_credit_code": _(
                    "The lead unit is also listed as a consortium member; list it once, as the lead unit."
                )
            }
        )


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


# --- Files ------------------------------------------------------------------------------------------


class _StoredFiles:
    """Remembers files written during a submission so they can be removed if its transaction fails."""

    def __init__(self):
        self.names: list[str] = []
        self.storage = storages["private"]

    def attach(self, checked: files.CheckedFile, *, role: str, **owner) -> Attachment:
        attachment = Attachment(
            role=role, original_name=checked.name, content_type=checked.content_type, size=checked.upload.size, **owner
        )
        checked.upload.seek(0)
        attachment.file.save(checked.storage_name, checked.upload, save=False)
        self.names.append(attachment.file.name)
        attachment.save()
        return attachment

    def remove_all(self):
        for name in self.names:
            try:
                self.storage.delete(name)
            except OSError:  # pragma: no cover - best effort clean-up
                logger.warning("Could not remove %s after a failed submission", name)


def _delete_files_on_commit(names: list[str]) -> None:
    storage = storages["private"]
    transaction.on_commit(lambda: [storage.delete(n) for n in names])


def _saved_atomically(write):
    """Run `write(stored)` in one transaction; on any failure remove the files it wrote, then re-raise."""
    stored = _StoredFiles()
    try:
        with transaction.atomic():
            return write(stored)
    except BaseException:
        stored.remove_all()
        raise


# --- Applications -----------------------------------------------------------------------------------


def _canonical(obj):
    """The default-language row of a translatable taxonomy, so staff filters by area work in any language."""
    if obj is None:
        return None
    return obj.get_translation_or_none(Locale.get_default()) or obj


def _fill_application(application: Application, *, notice, kind: str, data: dict, language: str) -> None:
    application.notice = notice
    application.kind = kind
    application.language = language
    for name in ("lead_unit_name", "lead_unit_credit_code", "contact_name", "phone", "email"):
        setattr(application, name, data[name])
    application.unit_type = data.get("unit_type") or ""
    application.proposed_name = data.get("proposed_name") or ""
    application.area = _canonical(data["area"])
    application.target_industry = _canonical(data.get("target_industry")) if kind == CenterKind.INDUSTRY else None
    application.condition_statements = data.get("condition_statements") or {}
    application.declaration_accepted = bool(data.get("declaration"))
    existing = existing_center_for(kind=kind, area=application.area, industry=application.target_industry)
    application.duplicate_flag = existing is not None
    application.duplicate_note = existing.title if existing else ""


def _write_application(stored, application, *, members, uploads) -> Application:
    application.save()
    if members is not None:
        application.members.all().delete()
        ApplicationMember.objects.bulk_create(ApplicationMember(application=application, **m) for m in members)
    replaced = []
    for field_name, checked in uploads.items():
        role = APPLICATION_FILE_ROLES[field_name]
        old = list(application.attachments.filter(role=role))
        replaced += [a.file.name for a in old]
        application.attachments.filter(pk__in=[a.pk for a in old]).delete()
        stored.attach(checked, role=role, application=application)
    _delete_files_on_commit(replaced)
    return application


def application_save_draft(
    *,
    notice,
    kind: str,
    data: dict,
    members: list[dict],
    files: dict[str, files.CheckedFile],
    at: dt.datetime,
    language: str,
    draft: Application | None = None,
) -> Application:
    """Save (or update) a draft before the deadline (Art. 6). A draft is invisible to staff, has no
    receipt number, and is reopened by the private link `draft_token(application)`. A banned lead unit
    is told at once rather than at the deadline (Art. 16)."""
    ensure_application_window_open(notice, at=at)
    ensure_kind_accepted(notice, kind)
    ensure_not_banned(data["lead_unit_credit_code"], at=at)
    if draft is not None and draft.state != ApplicationState.DRAFT:
        raise ValidationError(_("This application has already been submitted."), code="already_submitted")
    application = draft or Application(state=ApplicationState.DRAFT)
    _fill_application(application, notice=notice, kind=kind, data=data, language=language)
    return _saved_atomically(lambda stored: _write_application(stored, application, members=members, uploads=files))


def application_submit(
    *,
    notice,
    kind: str,
    data: dict,
    members: list[dict],
    files: dict[str, files.CheckedFile],
    at: dt.datetime,
    language: str,
    draft: Application | None = None,
) -> Receipt:
    """Receive an application (Art. 7) while the window is open (Art. 6): refuse a banned lead unit
    (Art. 16), require the two documents (Art. 7) and, with consortium members, the agreement (Art. 4);
    flag an area or industry that already has an active center (Art. 9); issue an SB receipt number and
    an access code; email the receipt. Files kept from a draft count as attached."""
    ensure_application_window_open(notice, at=at)
    ensure_kind_accepted(notice, kind)
    ensure_not_banned(data["lead_unit_credit_code"], at=at)
    ensure_lead_unit_not_a_member(credit_code=data["lead_unit_credit_code"], members=members)
    kept = set()
    if draft is not None:
        if draft.state != ApplicationState.DRAFT:
            raise ValidationError(_("This application has already been submitted."), code="already_submitted")
        kept = {f for f, role in APPLICATION_FILE_ROLES.items() if any(a.role == role for a in draft.attachments.all())}
    present = kept | set(files)
    ensure_required_documents(present=present)
    ensure_agreement_when_consortium(members=members, has_agreement="cooperation_agreement" in present)
    if not data.get("declaration"):
        raise ValidationError({"declaration": _("Confirm the declaration to submit.")}, code="declaration")

    application = draft or Application()
    _fill_application(application, notice=notice, kind=kind, data=data, language=language)
    code, code_hash = receipts.new_access_code()

    def write(stored):
        application.state = ApplicationState.RECEIVED
        application.submitted_at = at
        application.access_code_hash = code_hash
        application.receipt_number = receipts.issue_receipt_number(
            kind=ReceiptKind.APPLICATION, year=windows.china_today(at).year
        )
        _write_application(stored, application, members=members, uploads=files)
        StatusChange.objects.create(
            application=application,
            action="submit",
            from_state=ApplicationState.DRAFT,
            to_state=ApplicationState.RECEIVED,
        )
        notifications.send_receipt(application, access_code=code)
        return application

    application = _saved_atomically(write)
    return Receipt(application, application.receipt_number, code)


# --- Objections -------------------------------------------------------------------------------------


def objection_create(*, notice, data: dict, files: list[files.CheckedFile], at: dt.datetime, language: str) -> Receipt:
    """Receive a real-name objection (Art. 10) while the 公示 is open: it names at least one entry of
    this notice, is linked to the same person's earlier objection to the same entry, gets a YY receipt
    number and an access code, and is saved with its evidence in one transaction."""
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
        )
        objection.related_to = earlier_objection_by_same_person(
            notice=notice,
            real_name=objection.real_name,
            phone=objection.phone,
            email=objection.email,
            entry_ids=[e.pk for e in entries],
        )
        objection.receipt_number = receipts.issue_receipt_number(
            kind=ReceiptKind.OBJECTION, year=windows.china_today(at).year
        )
        objection.save()
        objection.entries.set(entries)
        for checked in files:
            stored.attach(checked, role=AttachmentRole.EVIDENCE, objection=objection)
        StatusChange.objects.create(objection=objection, action="submit", to_state=ObjectionState.RECEIVED)
        notifications.send_receipt(objection, access_code=code)
        return objection

    objection = _saved_atomically(write)
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
        _delete_files_on_commit([a.file.name for a in attachments])
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
