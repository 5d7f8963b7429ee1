"""The lifecycle rules of the measures (Art. 11, 15–17): consequences of ratings, revocation, bans,
management units and change reports. Each rule is one function whose docstring cites its article; where a
rule is also needed as a database filter, the queryset function sits beside it.

Periods counted in years or months follow the Civil Code (Art. 201–203): the day of the event is not
counted, the period ends on the corresponding day of the final month, or on that month's last day when
it has no such day (a ban from 2024-02-29 for two years ends on 2026-02-28). `relativedelta` adds
calendar months exactly that way.

Status and ratings are still written only by `directory.services`: this module decides, services writes.
"""

import datetime as dt
import enum
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Case, Exists, F, OuterRef, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from directory.models import (
    CenterPage,
    CenterRating,
    CenterStatus,
    ChangeReport,
    ChangeReportDocument,
    ChangeReportState,
    FormerName,
    ProposalState,
    Rating,
    ReorganisationTask,
    Revocation,
    RevocationCause,
    RevocationProposal,
)
from directory.validators import normalise_credit_code

# --- Management units (Art. 11) ----------------------------------------------------------------


# --- Bans (Art. 16) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ban:
    """A re-application ban (Art. 16) on a lead unit, identified by its unified social credit code."""

    credit_code: str
    cause: str
    revoked_on: dt.date
    ends_on: dt.date  # the first day the unit may apply again
    center_name: str

    @property
    def last_banned_on(self) -> dt.date:
        return self.ends_on - dt.timedelta(days=1)

    @property
    def cause_label(self) -> str:
        return RevocationCause(self.cause).label


BAN_YEARS = {
    RevocationCause.TWO_FAILS: 2,
    RevocationCause.FALSE_MATERIALS: 3,
    RevocationCause.ACCIDENT_OR_VIOLATION: 3,
    RevocationCause.CLOSURE: None,
}


def ban_first_free_day(*, cause: str, revoked_on: dt.date) -> dt.date | None:
    """Art. 16: the first day the lead unit of a center revoked on `revoked_on` may be recommended again,
    or None when the cause carries no ban.

    Cause (1) (two fails) bans for two years, causes (2) false materials and (3) accident or serious
    violation for three, counted from the revocation date; cause (4) closure states no ban. The revocation
    day itself is banned. By the Civil Code's reckoning the last banned day is the corresponding date
    two (three) years on — the month's last day when there is none — and the unit is free the day after:
    revoked 2024-03-10 for cause (1) → last banned 2026-03-10, free 2026-03-11; revoked 2024-02-29 →
    last banned 2026-02-28, free 2026-03-01."""
    years = BAN_YEARS[RevocationCause(cause)]
    if years is None:
        return None
    return revoked_on + relativedelta(years=years) + dt.timedelta(days=1)


def revocations_banning(*, on: dt.date) -> QuerySet[Revocation]:
    """The revocations whose ban is in force on `on` (the filter of `ban_first_free_day`): revoked on or
    before `on`, free only after `on`."""
    return Revocation.objects.filter(revoked_on__lte=on, ban_ends_on__gt=on)


def active_ban_for(credit_code: str, *, on: dt.date) -> Ban | None:
    """Art. 16: the ban that stops the lead unit with `credit_code` applying on `on`, or None.

    When several revocations ban the same unit, the one that lasts longest is returned, since that is
    the one that decides when it may apply again. One indexed query."""
    code = normalise_credit_code(credit_code or "")
    if not code:
        return None
    revocation = revocations_banning(on=on).filter(credit_code=code).order_by("-ban_ends_on").first()
    if revocation is None:
        return None
    return Ban(
        credit_code=code,
        cause=revocation.cause,
        revoked_on=revocation.revoked_on,
        ends_on=revocation.ban_ends_on,
        center_name=revocation.center_name,
    )


# --- Ratings and their consequences (Art. 15 (1), Art. 17) --------------------------------------


class Consequence(enum.Enum):
    NONE = "none"
    REORGANISE = "reorganise"
    PROPOSE_REVOCATION = "propose_revocation"
    END_REORGANISATION = "end_reorganisation"


def rating_consequence(*, rating: str, previous_rating: str | None) -> Consequence:
    """Art. 17 and Art. 15 (1): what a center's new rating sets in motion, given its previous evaluation.

    - a fail after a fail — two consecutive evaluations failed (Art. 15 (1)), which is also a fail one
      year after the reorganisation that the first fail started (Art. 17) — proposes revocation and
      delisting, for staff to confirm;
    - a first fail (no earlier rating, or the previous one passed) puts the center under reorganisation
      by its management unit (Art. 17); fail–pass–fail is therefore a reorganisation, not a revocation;
    - any other grade after a fail ends the reorganisation;
    - otherwise nothing happens.
    "Previous" means the center's latest evaluation before this one: a year without an evaluation does
    not break the run."""
    if rating == Rating.FAIL:
        return Consequence.PROPOSE_REVOCATION if previous_rating == Rating.FAIL else Consequence.REORGANISE
    return Consequence.END_REORGANISATION if previous_rating == Rating.FAIL else Consequence.NONE


def apply_rating_consequences(*, center: CenterPage, year: int, on: dt.date) -> str | None:
    """Act on `center`'s rating for `year`: open the reorganisation task or the revocation proposal that
    `rating_consequence` calls for, and return the status the center should now have (or None to keep
    it). Called by `directory.services.center_record_rating`, which writes that status.

    Only the center's newest rating has consequences: back-filling an old year changes nothing today.
    A revoked center is left alone. Recording the same rating again (a re-published bulletin) creates no
    second task or proposal; correcting a fail to a pass withdraws the task and proposal it started."""
    center = CenterPage.objects.select_related("area").get(pk=center.pk)
    ratings = list(CenterRating.objects.filter(center_key=center.translation_key).order_by("-year"))
    current = next((r for r in ratings if r.year == year), None)
    if current is None or ratings[0].year != year or center.status == CenterStatus.REVOKED:
        return None
    previous = next((r for r in ratings if r.year < year), None)
    consequence = rating_consequence(rating=current.rating, previous_rating=previous.rating if previous else None)
    source = _source_version(center)

    if consequence is Consequence.REORGANISE:
        ReorganisationTask.objects.get_or_create(
            center=source,
            rating_year=year,
            defaults={"management_unit": center.get_management_unit(), "area_id": center.area_id, "created_on": on},
        )
    elif consequence is Consequence.PROPOSE_REVOCATION:
        if not RevocationProposal.objects.filter(center=source, state=ProposalState.PROPOSED).exists():
            RevocationProposal.objects.create(
                center=source,
                cause=RevocationCause.TWO_FAILS,
                rating_year=year,
                proposed_on=on,
                evidence=gettext("Failed the evaluations of %(previous)s and %(year)s (Art. 15 (1), Art. 17).")
                % {"previous": previous.year, "year": year},
            )
    else:
        # Not a fail: a reorganisation in progress has done its work, and a fail this rating replaced
        # (a corrected bulletin) no longer calls for a task or a proposal.
        ReorganisationTask.objects.filter(center=source, rating_year=year, filed_on__isnull=True).delete()
        ReorganisationTask.objects.filter(center=source, closed=False).update(closed=True)
        RevocationProposal.objects.filter(
            center=source, rating_year=year, state=ProposalState.PROPOSED, proposed_by__isnull=True
        ).update(state=ProposalState.DISMISSED, decided_at=timezone.now(), decision_note=gettext("Rating corrected"))
        return CenterStatus.ACTIVE if center.status == CenterStatus.REORGANISING else None
    return CenterStatus.REORGANISING if center.status != CenterStatus.REORGANISING else None


def withdraw_rating_consequences(*, center: CenterPage, year: int) -> str | None:
    """A withdrawn rating (a bulletin unpublished or corrected) takes back what its fail started: the
    unfiled reorganisation task and the revocation proposal the rules made for that year. Returns the
    status the center should now have: active again when nothing else keeps it under reorganisation,
    i.e. no open task remains and its newest remaining rating is not a fail. A filed reorganisation and
    a confirmed proposal stand: people have acted on them."""
    center = CenterPage.objects.get(pk=center.pk)
    if center.status == CenterStatus.REVOKED:
        return None
    source = _source_version(center)
    ReorganisationTask.objects.filter(center=source, rating_year=year, filed_on__isnull=True).delete()
    RevocationProposal.objects.filter(
        center=source, rating_year=year, state=ProposalState.PROPOSED, proposed_by__isnull=True
    ).update(state=ProposalState.DISMISSED, decided_at=timezone.now(), decision_note=gettext("Rating withdrawn"))
    newest = CenterRating.objects.filter(center_key=center.translation_key).order_by("-year").first()
    still_failing = newest is not None and newest.rating == Rating.FAIL
    open_tasks = ReorganisationTask.objects.filter(center=source, closed=False).exists()
    if center.status == CenterStatus.REORGANISING and not still_failing and not open_tasks:
        return CenterStatus.ACTIVE
    return None


def _source_version(center: CenterPage) -> CenterPage:
    """The version of `center` in the language it was written in: lifecycle records point at it, so a
    center has one task list whichever language version a bulletin named."""
    source = CenterPage.objects.filter(translation_key=center.translation_key).select_related("area").order_by("pk")
    return source.first() or center


def reorganisation_file(*, task: ReorganisationTask, on: dt.date, note: str, by=None) -> ReorganisationTask:
    """Art. 17: the management unit files the reorganisation with the province. The center stays under
    reorganisation until its next rating: a pass ends it, a fail proposes delisting."""
    if task.filed_on:
        raise ValidationError(_("This reorganisation has already been filed."))
    task.filed_on = on
    task.filing_note = note
    task.filed_by = by
    task.save(update_fields=["filed_on", "filing_note", "filed_by"])
    return task


def is_awaiting_rating_after_reorganisation(task: ReorganisationTask, *, on: dt.date, has_later_rating: bool) -> bool:
    """Art. 17 ("一年后运行评价"): a reorganisation filed a year or more ago whose center has no rating
    since the fail needs the province's attention: the evaluation that decides delisting is due. Filed
    2025-03-10 → due on 2026-03-10, not on 2026-03-09."""
    return (
        bool(task.filed_on)
        and not task.closed
        and not has_later_rating
        and on >= task.filed_on + relativedelta(years=1)
    )


def tasks_awaiting_rating_after_reorganisation(*, on: dt.date) -> QuerySet[ReorganisationTask]:
    """The filter of `is_awaiting_rating_after_reorganisation`."""
    later_rating = CenterRating.objects.filter(
        center_key=OuterRef("center__translation_key"), year__gt=OuterRef("rating_year")
    )
    return ReorganisationTask.objects.filter(
        closed=False, filed_on__isnull=False, filed_on__lte=on - relativedelta(years=1)
    ).exclude(Exists(later_rating))


# --- Revocation (Art. 15) ----------------------------------------------------------------------

STAFF_CAUSES = (RevocationCause.FALSE_MATERIALS, RevocationCause.ACCIDENT_OR_VIOLATION, RevocationCause.CLOSURE)


@transaction.atomic
def revocation_propose(
    *, center: CenterPage, cause: str, evidence: str, on: dt.date, by=None, document=None
) -> RevocationProposal:
    """Art. 15 (2)–(4): staff propose revoking a center for false materials or data, a major accident or
    serious violation of law, or closure, stating the grounds and evidence. Cause (1) is proposed by the
    ratings alone. A revoked center, or one already awaiting a decision, gets no new proposal."""
    if cause not in STAFF_CAUSES:
        raise ValidationError({"cause": _("Cause (1) follows from the ratings; choose cause (2), (3) or (4).")})
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("State the grounds and evidence.")})
    source = _source_version(center)
    if source.status == CenterStatus.REVOKED:
        raise ValidationError({"center": _("This center has already been revoked.")})
    if RevocationProposal.objects.filter(center=source, state=ProposalState.PROPOSED).exists():
        raise ValidationError({"center": _("A proposal for this center is already awaiting a decision.")})
    return RevocationProposal.objects.create(
        center=source, cause=cause, evidence=evidence, proposed_on=on, proposed_by=by, evidence_document=document
    )


def notice_index_for(center: CenterPage):
    """The notice list (slug "notices") in the center's language, under which revocation notices go."""
    from notices.models import NoticeIndexPage

    return NoticeIndexPage.objects.filter(slug="notices", locale_id=center.locale_id).first()


@transaction.atomic
def revocation_confirm(*, proposal: RevocationProposal, by=None, effective_on: dt.date | None = None):
    """Art. 15, Art. 17: staff confirm a proposed revocation or delisting; this drafts the revocation
    notice (unpublished) under the notice list. Publishing that notice is what revokes the center and
    starts the ban (Art. 16), so the department still checks its wording, number and date."""
    from notices.models import RevocationNotice

    if proposal.state != ProposalState.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    center = proposal.center
    index = notice_index_for(center)
    if index is None:
        raise ValidationError(_("There is no notice list to put the revocation notice under."))
    effective_on = effective_on or timezone.localdate()
    with translation.override(center.locale.language_code):
        title = gettext("Notice on revoking the title of %(center)s") % {"center": center.title}
        summary = gettext(
            "%(center)s: the title of provincial Digital Transformation Promotion Center is revoked (%(cause)s)."
        ) % {
            "center": center.title,
            "cause": RevocationCause(proposal.cause).label,
        }
    notice = RevocationNotice(
        title=title,
        slug=f"revocation-{center.slug}-{effective_on:%Y%m%d}"[:255],
        center=center,
        cause=proposal.cause,
        effective_on=effective_on,
        published_on=effective_on,
        summary=summary,
        live=False,
        locale=center.locale,
    )
    index.add_child(instance=notice)
    notice.save_revision(user=by, log_action=True)
    proposal.state = ProposalState.CONFIRMED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.notice = notice
    proposal.save(update_fields=["state", "decided_by", "decided_at", "notice"])
    return notice


def revocation_dismiss(*, proposal: RevocationProposal, note: str, by=None) -> RevocationProposal:
    """Staff decide not to revoke (e.g. the grounds did not hold); the reason is kept."""
    if proposal.state != ProposalState.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    if not (note or "").strip():
        raise ValidationError({"decision_note": _("Say why the proposal is dismissed.")})
    proposal.state = ProposalState.DISMISSED
    proposal.decision_note = note
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["state", "decision_note", "decided_by", "decided_at"])
    return proposal


def revocation_record(
    *, center: CenterPage, cause: str, revoked_on: dt.date, notice=None, by=None, evidence: str = ""
) -> Revocation:
    """Art. 15–16: keep the revocation that bans the lead unit, with a snapshot of the unit's name and
    credit code on that day. Called by `directory.services.center_mark_revoked`; one record per center,
    so re-publishing or correcting the notice updates it. Open reorganisation tasks are closed and an
    open proposal is settled by the revocation."""
    source = _source_version(center)
    revocation, _created = Revocation.objects.update_or_create(
        center=source,
        defaults={
            "center_name": source.title,
            "lead_unit_name": source.lead_unit_name,
            "credit_code": normalise_credit_code(source.lead_unit_credit_code),
            "cause": cause,
            "revoked_on": revoked_on,
            "notice": notice,
            "evidence": evidence,
            "recorded_by": by,
        },
    )
    ReorganisationTask.objects.filter(center=source, closed=False).update(closed=True)
    RevocationProposal.objects.filter(center=source, state=ProposalState.PROPOSED).update(
        state=ProposalState.CONFIRMED, decided_at=timezone.now(), decision_note=gettext("Revoked"), notice=notice
    )
    return revocation


# --- Change reports (Art. 17) ------------------------------------------------------------------


def change_report_due_on(changed_on: dt.date) -> dt.date:
    """Art. 17: a change of name, merger, split, restructuring or suspension is reported to the province
    within one month of the change. Due on the corresponding day of the next month, or that month's last
    day when it has none: a change on 2025-01-15 is due 2025-02-15; on 2025-01-31, 2025-02-28; on
    2024-01-31, 2024-02-29. The measures grant no extension for weekends or holidays."""
    return changed_on + relativedelta(months=1)


def is_change_report_overdue(report: ChangeReport) -> bool:
    """Art. 17: a report received after its due day is overdue (received on the due day is in time)."""
    return report.submitted_on > report.due_on


def change_reports_overdue() -> QuerySet[ChangeReport]:
    """The filter of `is_change_report_overdue`."""
    return ChangeReport.objects.filter(submitted_on__gt=F("due_on"))


def change_report_create(
    *, center: CenterPage, data: dict, files=(), on: dt.date | None = None, language: str = "zh-hans"
):
    """Art. 17: record a change report with a receipt number (BG-year-number) and a one-time access code,
    due one month after the change (`change_report_due_on`). `files` are checked uploads
    (`submissions.files.CheckedFile`), stored privately under random names. Returns (report, access_code);
    only the code's hash is kept."""
    from submissions.receipts import issue_receipt_number, new_access_code

    on = on or timezone.localdate()
    with transaction.atomic():
        code, code_hash = new_access_code()
        report = ChangeReport.objects.create(
            receipt_number=issue_receipt_number(kind="BG", year=on.year),
            access_code_hash=code_hash,
            center=_source_version(center),
            due_on=change_report_due_on(data["changed_on"]),
            submitted_on=on,
            language=language,
            **data,
        )
        for checked in files:
            document = ChangeReportDocument(
                report=report,
                original_name=checked.name,
                content_type=checked.content_type,
                size=checked.upload.size,
            )
            checked.upload.seek(0)
            document.file.save(checked.storage_name, checked.upload, save=False)
            document.save()
    return report, code


def change_report_for_receipt(*, receipt_number: str, access_code: str) -> ChangeReport | None:
    """The change report with this receipt number when the access code matches, else None (an unknown
    number and a wrong code look the same). For the submission status lookup."""
    report = (
        ChangeReport.objects.select_related("center")
        .filter(receipt_number=(receipt_number or "").strip().upper())
        .first()
    )
    return report if report is not None and report.check_access_code(access_code) else None


@transaction.atomic
def change_report_confirm(*, report: ChangeReport, by=None, on: dt.date | None = None) -> CenterPage:
    """Art. 17: the province confirms a reported change. The center page takes the new name and lead
    unit, the old name is kept as a former name (used until the change date, still found by search), and
    a new revision is published through Wagtail so the change appears in the page history."""
    if report.state != ChangeReportState.PENDING:
        raise ValidationError(_("This change report has already been decided."))
    center = CenterPage.objects.get(pk=report.center_id)
    changed = False
    new_name = report.new_name.strip()
    if new_name and new_name != center.title:
        report.old_name = center.title
        center.former_names.add(FormerName(name=center.title, until=report.changed_on))
        center.title = new_name
        center.draft_title = new_name
        changed = True
    if report.new_lead_unit_name.strip() and report.new_lead_unit_name.strip() != center.lead_unit_name:
        center.lead_unit_name = report.new_lead_unit_name.strip()
        changed = True
    if report.new_lead_unit_credit_code:
        code = normalise_credit_code(report.new_lead_unit_credit_code)
        if code != center.lead_unit_credit_code:
            center.lead_unit_credit_code = code
            changed = True
    if changed:
        center.save_revision(user=by, log_action=True).publish(user=by)
        # Publishing indexes the page before its child rows (the new former name) are written: index it
        # again from the database so the old name is found at once.
        index.insert_or_update_object(CenterPage.objects.get(pk=center.pk))
    report.state = ChangeReportState.CONFIRMED
    report.decided_by = by
    report.decided_at = timezone.now()
    report.save(update_fields=["state", "decided_by", "decided_at", "old_name"])
    return center


def change_report_return(*, report: ChangeReport, reply: str, by=None) -> ChangeReport:
    """Staff return a change report they cannot confirm (e.g. the management unit has not agreed),
    telling the reporter why."""
    if report.state != ChangeReportState.PENDING:
        raise ValidationError(_("This change report has already been decided."))
    if not (reply or "").strip():
        raise ValidationError({"reply": _("Tell the reporter why the report is returned.")})
    report.state = ChangeReportState.REJECTED
    report.reply = reply
    report.decided_by = by
    report.decided_at = timezone.now()
    report.save(update_fields=["state", "reply", "decided_by", "decided_at"])
    return report


# --- What needs action (the dashboard) -----------------------------------------------------------


@dataclass
class NeedsAction:
    reorganising: list
    awaiting_rating: list
    proposals: list
    change_reports: list

    @property
    def total(self) -> int:
        return len(self.reorganising) + len(self.awaiting_rating) + len(self.proposals) + len(self.change_reports)

    @property
    def overdue_count(self) -> int:
        return sum(1 for report in self.change_reports if report.overdue)


def centers_needing_action(*, on: dt.date, area_keys=None) -> NeedsAction:
    """What the department and the management units must act on: centers under reorganisation whose
    reorganisation is not yet filed, reorganisations filed a year ago with no new rating, revocation
    proposals awaiting confirmation, and change reports pending (overdue ones first). `area_keys` (area
    translation keys) limits it to a city bureau's areas. A fixed number of queries, whatever the data."""
    tasks = ReorganisationTask.objects.filter(closed=False, filed_on__isnull=True).select_related("center", "area")
    awaiting = tasks_awaiting_rating_after_reorganisation(on=on).select_related("center", "area")
    proposals = RevocationProposal.objects.filter(state=ProposalState.PROPOSED).select_related("center", "center__area")
    reports = ChangeReport.objects.filter(state=ChangeReportState.PENDING).select_related("center", "center__area")
    if area_keys is not None:
        tasks = tasks.filter(area__translation_key__in=area_keys)
        awaiting = awaiting.filter(area__translation_key__in=area_keys)
        proposals = proposals.filter(center__area__translation_key__in=area_keys)
        reports = reports.filter(center__area__translation_key__in=area_keys)
    reports = reports.annotate(
        overdue=Case(
            When(submitted_on__gt=F("due_on"), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    ).order_by("-overdue", "due_on")
    querysets = [
        tasks.order_by("created_on"),
        awaiting.order_by("filed_on"),
        proposals.order_by("proposed_on"),
        reports,
    ]
    return NeedsAction(*(list(qs) for qs in querysets))
