"""The consequences of a center's evaluation ratings (Art. 15 (1), Art. 17): a first fail starts a
reorganisation, a second consecutive fail proposes revocation, a pass ends the reorganisation.

This module decides; `directory.services.center_record_rating` writes the status it returns.
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
    source = center_source_version(center)

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
    source = center_source_version(center)
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
