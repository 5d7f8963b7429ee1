"""Revocation (Art. 15): staff proposals with evidence, confirmation, dismissal, and the revocation
record that re-application bans are computed from (Art. 16).

Confirming a proposal does not touch the page tree: it sends `directory.signals.
revocation_proposal_confirmed`, and the notices app drafts the revocation notice. Publishing that
notice revokes the center (through `directory.services.center_mark_revoked`, which calls
`revocation_record`).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.models import (
    CenterPage,
    CenterStatus,
    ProposalState,
    ReorganisationTask,
    Revocation,
    RevocationCause,
    RevocationProposal,
)
from directory.selectors import center_source_version
from directory.signals import revocation_proposal_confirmed
from directory.validators import normalise_credit_code

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
    source = center_source_version(center)
    if source.status == CenterStatus.REVOKED:
        raise ValidationError({"center": _("This center has already been revoked.")})
    if RevocationProposal.objects.filter(center=source, state=ProposalState.PROPOSED).exists():
        raise ValidationError({"center": _("A proposal for this center is already awaiting a decision.")})
    return RevocationProposal.objects.create(
        center=source, cause=cause, evidence=evidence, proposed_on=on, proposed_by=by, evidence_document=document
    )


def revocation_confirm(
    *, proposal: RevocationProposal, by=None, effective_on: dt.date | None = None
) -> RevocationProposal:
    """Art. 15, Art. 17: staff confirm a proposed revocation or delisting, effective on `effective_on`
    (today in China by default).

    The proposal is marked confirmed and `revocation_proposal_confirmed` is sent in the same
    transaction; the notices app drafts the revocation notice (unpublished) under the notice list and
    sets `proposal.notice`. Publishing that notice is what revokes the center and starts the ban
    (Art. 16), so the department still checks its wording, number and date. A receiver's
    `ValidationError` (no notice list, say) undoes the confirmation and reaches the caller. Returns the
    proposal; read `proposal.notice` for the draft."""
    if proposal.state != ProposalState.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    effective_on = effective_on or timezone.localdate()
    proposal.state = ProposalState.CONFIRMED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    try:
        with transaction.atomic():
            proposal.save(update_fields=["state", "decided_by", "decided_at"])
            revocation_proposal_confirmed.send(
                sender=RevocationProposal, proposal=proposal, effective_on=effective_on, by=by
            )
    except ValidationError:
        proposal.refresh_from_db()
        raise
    return proposal


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
    source = center_source_version(center)
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


def revocation_record_for_unit(
    *,
    lead_unit_name: str,
    credit_code: str,
    cause: str,
    revoked_on: dt.date,
    center_name: str = "",
    evidence: str = "",
    by=None,
) -> Revocation:
    """Art. 15–16: keep a revocation made before this site existed, of a center that is not in the
    directory, so the ban still binds its lead unit. The credit code is normalised like every other, so
    a code typed in lower case bans the unit all the same. One record per unit and revocation date."""
    revocation, _created = Revocation.objects.update_or_create(
        center=None,
        credit_code=normalise_credit_code(credit_code),
        revoked_on=revoked_on,
        defaults={
            "center_name": center_name or lead_unit_name,
            "lead_unit_name": lead_unit_name,
            "cause": cause,
            "evidence": evidence,
            "recorded_by": by,
        },
    )
    return revocation
