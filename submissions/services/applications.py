"""Applications (Art. 4–9): the rules an application must pass, drafts, and submission."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Locale

from directory.lifecycle import Ban, active_ban_for
from directory.models import CenterKind, RevocationCause
from directory.selectors import existing_center_for
from notices import windows
from submissions import notifications, receipts
from submissions.files import CheckedFile, delete_files_on_commit, saved_atomically
from submissions.models import Application, ApplicationMember, AttachmentRole, ReceiptKind, StatusChange
from submissions.services.base import Receipt, WindowClosed, ensure_form_not_sent, one_submission_per_form
from submissions.states import ApplicationState

APPLICATION_FILE_ROLES = {
    "application_book": AttachmentRole.APPLICATION_BOOK,
    "construction_plan": AttachmentRole.CONSTRUCTION_PLAN,
    "cooperation_agreement": AttachmentRole.COOPERATION_AGREEMENT,
}


# --- Rules ------------------------------------------------------------------------------------------


def ensure_application_window_open(notice, *, at: dt.datetime) -> None:
    """Art. 6: applications (and drafts) are accepted only while the round's window is open, as judged
    by `notices.windows`; otherwise raise WindowClosed."""
    state = notice.window_state(at=at)
    if state is not windows.WindowState.APPLICATIONS_OPEN:
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


def earlier_submission_for(*, notice, credit_code: str, exclude=None) -> Application | None:
    """One submitted application per lead unit per round (Art. 7, Art. 9): the application the unit with
    `credit_code` already submitted in `notice`'s round (any translation of it), or None. Drafts do not
    count: a unit may keep several until it submits one. The database holds the same rule
    (`one_submitted_application_per_unit_per_round`)."""
    earlier = Application.objects.filter(
        notice__translation_key=notice.translation_key, lead_unit_credit_code=credit_code
    ).exclude(state=ApplicationState.DRAFT)
    if exclude is not None and exclude.pk:
        earlier = earlier.exclude(pk=exclude.pk)
    return earlier.order_by("submitted_at", "pk").first()


def ensure_first_application_in_round(*, notice, credit_code: str, draft=None) -> None:
    """Refuse a second submitted application from the same lead unit in one round, beside the credit-code
    field, naming the first by its receipt number and linking to the status page where its submitter can
    follow it."""
    earlier = earlier_submission_for(notice=notice, credit_code=credit_code, exclude=draft)
    if earlier is None:
        return
    message = format_html(
        _(
            "This lead unit has already submitted an application in this round ({receipt}, "
            '<a href="{url}">check its progress</a>); one lead unit submits one application per round.'
        ),
        receipt=earlier.receipt_number,
        url=reverse("submissions:status"),
    )
    raise ValidationError({"lead_unit_credit_code": message}, code="already_applied")


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
    delete_files_on_commit(replaced)
    return application


def application_save_draft(
    *,
    notice,
    kind: str,
    data: dict,
    members: list[dict],
    files: dict[str, CheckedFile],
    at: dt.datetime,
    language: str,
    draft: Application | None = None,
    form_token: str | None = None,
) -> Application:
    """Save (or update) a draft before the deadline (Art. 6). A draft is invisible to staff, has no
    receipt number, and is reopened by the private link `draft_token(application)`. A banned lead unit
    is told at once rather than at the deadline (Art. 16). A second POST of the same form (`form_token`)
    raises AlreadyReceived with the draft the first one saved."""
    ensure_form_not_sent(Application, form_token)
    ensure_application_window_open(notice, at=at)
    ensure_kind_accepted(notice, kind)
    ensure_not_banned(data["lead_unit_credit_code"], at=at)
    if draft is not None and draft.state != ApplicationState.DRAFT:
        raise ValidationError(_("This application has already been submitted."), code="already_submitted")
    application = draft or Application(state=ApplicationState.DRAFT)
    _fill_application(application, notice=notice, kind=kind, data=data, language=language)
    application.form_token = form_token or application.form_token
    with one_submission_per_form(Application, form_token):
        return saved_atomically(lambda stored: _write_application(stored, application, members=members, uploads=files))


def application_submit(
    *,
    notice,
    kind: str,
    data: dict,
    members: list[dict],
    files: dict[str, CheckedFile],
    at: dt.datetime,
    language: str,
    draft: Application | None = None,
    form_token: str | None = None,
) -> Receipt:
    """Receive an application (Art. 7) while the window is open (Art. 6): refuse a banned lead unit
    (Art. 16) and a second application from the same lead unit in the round, require the two documents (Art. 7) and, with consortium members, the agreement (Art. 4);
    flag an area or industry that already has an active center (Art. 9); issue an SB receipt number and
    an access code; email the receipt. Files kept from a draft count as attached. A second POST of the
    same form (`form_token`) raises AlreadyReceived with the first application."""
    ensure_form_not_sent(Application, form_token)
    ensure_application_window_open(notice, at=at)
    ensure_kind_accepted(notice, kind)
    ensure_not_banned(data["lead_unit_credit_code"], at=at)
    ensure_lead_unit_not_a_member(credit_code=data["lead_unit_credit_code"], members=members)
    ensure_first_application_in_round(notice=notice, credit_code=data["lead_unit_credit_code"], draft=draft)
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
        application.form_token = form_token or application.form_token
        _write_application(stored, application, members=members, uploads=files)
        StatusChange.objects.create(
            application=application,
            action="submit",
            from_state=ApplicationState.DRAFT,
            to_state=ApplicationState.RECEIVED,
        )
        receipts.give_receipt_number(application, kind=ReceiptKind.APPLICATION, at=at)
        notifications.send_receipt(application, access_code=code)
        return application

    with one_submission_per_form(Application, form_token):
        application = saved_atomically(write)
    return Receipt(application, application.receipt_number, code)
