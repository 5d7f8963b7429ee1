"""What the department and the management units must act on now (Art. 15–17): the lifecycle desk's
list and the admin home panel read it."""

import datetime as dt
from dataclasses import dataclass

from directory.lifecycle.reorganisation import tasks_awaiting_rating_after_reorganisation, tasks_managed_by_bureaus_of
from directory.models import ProposalState, ReorganisationTask, RevocationProposal


@dataclass
class NeedsAction:
    reorganising: list
    awaiting_rating: list
    proposals: list

    @property
    def total(self) -> int:
        return len(self.reorganising) + len(self.awaiting_rating) + len(self.proposals)


def centers_needing_action(*, on: dt.date, area_keys=None) -> NeedsAction:
    """What the department and the management units must act on: centers under reorganisation whose
    reorganisation is not yet filed (Art. 17), reorganisations filed a year ago with no new rating
    (Art. 17), and revocation proposals awaiting confirmation (Art. 15). `area_keys` (area translation
    keys) limits it to a city bureau's: the tasks it manages (`tasks_managed_by_bureaus_of`) and the
    proposals in its areas. A fixed number of queries, whatever the data.
    (Change reports have their own desk in the submissions app.)"""
    tasks = ReorganisationTask.objects.filter(closed=False, filed_on__isnull=True).select_related("center", "area")
    awaiting = tasks_awaiting_rating_after_reorganisation(on=on).select_related("center", "area")
    proposals = RevocationProposal.objects.filter(state=ProposalState.PROPOSED).select_related("center", "center__area")
    if area_keys is not None:
        tasks = tasks_managed_by_bureaus_of(tasks, area_keys=area_keys)
        awaiting = tasks_managed_by_bureaus_of(awaiting, area_keys=area_keys)
        proposals = proposals.filter(center__area__translation_key__in=area_keys)
    return NeedsAction(
        reorganising=list(tasks.order_by("created_on")),
        awaiting_rating=list(awaiting.order_by("filed_on")),
        proposals=list(proposals.order_by("proposed_on")),
    )
