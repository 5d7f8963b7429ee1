"""The consequences of a center's evaluation ratings (Art. 15 (1), Art. 17): a first fail starts a
reorganisation, a second consecutive fail proposes revocation, a pass ends the reorganisation.

The rules are applied to the whole sequence of a center's ratings whenever any year changes
(`ratings_reevaluate`), so correcting an earlier year has the same consequences as recording it right
the first time. This module decides; `directory.services` writes the status it returns.
"""

import datetime as dt
import enum

from django.utils import timezone
from django.utils.translation import gettext

from directory.models import (
    CenterPage,
    CenterRating,
    CenterStatus,
    ProposalState,
    Rating,
    ReorganisationTask,
    RevocationCause,
    RevocationProposal,
)
from directory.selectors import center_source_version


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


def fail_run_pairs(sequence: list[tuple[int, str]]) -> list[int]:
    """Art. 15 (1): the years whose evaluation is the second of two consecutive fails, in a center's
    ratings `sequence` of (year, rating) oldest first. "Consecutive" means one evaluation after the
    other: a year without an evaluation does not break the run."""
    return [
        year
        for (_y, before), (year, rating) in zip(sequence, sequence[1:], strict=False)
        if before == rating == Rating.FAIL
    ]


def trailing_fail_run(sequence: list[tuple[int, str]]) -> list[int]:
    """Art. 17: the years of the fails that end the sequence (the center's current run); empty when its
    newest evaluation is not a fail. The first of them started the reorganisation now under way."""
    run = []
    for year, rating in reversed(sequence):
        if rating != Rating.FAIL:
            break
        run.insert(0, year)
    return run


def _sequence(center: CenterPage) -> list[tuple[int, str]]:
    return list(
        CenterRating.objects.filter(center_key=center.translation_key).order_by("year").values_list("year", "rating")
    )


def _withdrawal_reason(sequence, year) -> str:
    ratings = dict(sequence)
    before = [y for y, _r in sequence if y < year]
    previous = before[-1] if before else None
    labels = {value: str(label) for value, label in Rating.choices}

    def said(y):
        return labels.get(ratings[y], ratings[y]) if y in ratings else gettext("no rating")

    return gettext(
        "Withdrawn: the evidence no longer holds (Art. 15 (1)). After a correction the evaluations read "
        "%(year)s: %(rating)s; %(previous_year)s: %(previous_rating)s — not two consecutive fails."
    ) % {
        "year": year,
        "rating": said(year),
        "previous_year": previous or "—",
        "previous_rating": said(previous) if previous else gettext("no rating"),
    }


def ratings_reevaluate(*, center: CenterPage, on: dt.date) -> str | None:
    """Art. 15 (1) and Art. 17 over a center's whole rating sequence, whenever any year's rating is
    recorded, corrected or withdrawn (a bulletin published, corrected or unpublished):

    - two consecutive fails anywhere in the sequence call for a revocation proposal for the second of
      them, unless one already awaits a decision or staff have decided one for that year;
    - a pending proposal the rules made whose two fails no longer both stand is withdrawn (dismissed,
      with the reason recorded);
    - the current run of fails (the fails that end the sequence) is a reorganisation by the center's
      management unit (`directory.rules.management_unit_for`), one task for the fail that started it;
      unfiled tasks of fails that no longer stand are removed, and other open tasks outside the run are
      closed;
    - decided revocations are never undone: a revoked center is left alone here (staff are told instead,
      `decided_revocations_in_question`).

    Returns the status the center should now have (under reorganisation while the run lasts, active
    otherwise), or None to keep it; `directory.services` writes it. Running it twice changes nothing."""
    center = CenterPage.objects.select_related("area").get(pk=center.pk)
    if center.status == CenterStatus.REVOKED:
        return None
    source = center_source_version(center)
    sequence = _sequence(center)
    fails = {year for year, rating in sequence if rating == Rating.FAIL}
    pairs = fail_run_pairs(sequence)

    pending = RevocationProposal.objects.filter(
        center=source, state=ProposalState.PROPOSED, cause=RevocationCause.TWO_FAILS, proposed_by__isnull=True
    )
    for proposal in pending:
        if proposal.rating_year not in pairs:
            proposal.state = ProposalState.DISMISSED
            proposal.decided_at = timezone.now()
            proposal.decision_note = _withdrawal_reason(sequence, proposal.rating_year)
            proposal.save(update_fields=["state", "decided_at", "decision_note"])

    if pairs:
        year = pairs[-1]
        decided = RevocationProposal.objects.filter(center=source, cause=RevocationCause.TWO_FAILS, rating_year=year)
        decided = decided.filter(state=ProposalState.CONFIRMED) | decided.filter(
            state=ProposalState.DISMISSED, decided_by__isnull=False
        )
        awaiting = RevocationProposal.objects.filter(center=source, state=ProposalState.PROPOSED).exists()
        if not awaiting and not decided.exists():
            previous = max(y for y, _r in sequence if y < year)
            RevocationProposal.objects.create(
                center=source,
                cause=RevocationCause.TWO_FAILS,
                rating_year=year,
                proposed_on=on,
                evidence=gettext("Failed the evaluations of %(previous)s and %(year)s (Art. 15 (1), Art. 17).")
                % {"previous": previous, "year": year},
            )

    run = trailing_fail_run(sequence)
    tasks = ReorganisationTask.objects.filter(center=source)
    tasks.filter(filed_on__isnull=True).exclude(rating_year__in=fails).delete()
    if run:
        task, created = ReorganisationTask.objects.get_or_create(
            center=source,
            rating_year=run[0],
            defaults={"management_unit": center.get_management_unit(), "area_id": center.area_id, "created_on": on},
        )
        if not created and task.closed:  # a pass that had closed it was corrected to a fail
            tasks.filter(pk=task.pk).update(closed=False)
        tasks.filter(closed=False).exclude(rating_year__in=run).update(closed=True)
        tasks.filter(closed=False, filed_on__isnull=True, rating_year__in=run[1:]).delete()
        return CenterStatus.REORGANISING if center.status != CenterStatus.REORGANISING else None
    tasks.filter(closed=False).update(closed=True)
    return CenterStatus.ACTIVE if center.status == CenterStatus.REORGANISING else None


def decided_revocations_in_question(*, center: CenterPage) -> list[str]:
    """Art. 15 (1): decided revocations are never undone by a corrected rating, but staff must know when
    the two fails a decided revocation rests on no longer both stand. Returns one sentence per such
    revocation (empty when none), for the editor who published the correcting bulletin."""
    center = CenterPage.objects.get(pk=center.pk)
    source = center_source_version(center)
    sequence = _sequence(center)
    pairs = fail_run_pairs(sequence)
    confirmed = RevocationProposal.objects.filter(
        center=source, state=ProposalState.CONFIRMED, cause=RevocationCause.TWO_FAILS
    )
    years = [p.rating_year for p in confirmed if p.rating_year and p.rating_year not in pairs]
    if not confirmed.exists() and center.revocation_cause == RevocationCause.TWO_FAILS and not pairs:
        years = [None]
    return [
        gettext(
            "%(center)s was revoked for two consecutive fails (Art. 15 (1)), but after this correction its "
            "ratings no longer show them%(year)s. A decided revocation is not undone automatically: review it."
        )
        % {"center": center.title, "year": gettext(" (%(year)s)") % {"year": year} if year else ""}
        for year in years
    ]
