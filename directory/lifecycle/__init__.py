"""The lifecycle rules of the measures (Art. 15–17), one module per job:

- `bans`: re-application bans (Art. 16);
- `ratings`: what a rating sets in motion (Art. 15 (1), Art. 17);
- `reorganisation`: filing a reorganisation and the evaluation due a year on (Art. 17);
- `revocation`: proposing, confirming, dismissing and recording a revocation (Art. 15);
- `dashboard`: what needs action now.

Each rule is one function whose docstring cites its article; where a rule is also needed as a database
filter, the queryset function sits beside it. Periods counted in years or months follow the Civil Code
(Art. 201–203): the day of the event is not counted, the period ends on the corresponding day of the
final month, or on that month's last day when it has no such day (a ban from 2024-02-29 for two years
ends on 2026-02-28). `relativedelta` adds calendar months exactly that way.

Status and ratings are still written only by `directory.services`: these modules decide, services
writes. The names below are re-exported so callers can write `from directory import lifecycle`.
"""

from directory.lifecycle.bans import BAN_YEARS, Ban, active_ban_for, ban_first_free_day, revocations_banning
from directory.lifecycle.dashboard import NeedsAction, centers_needing_action
from directory.lifecycle.ratings import (
    Consequence,
    decided_revocations_in_question,
    fail_run_pairs,
    rating_consequence,
    ratings_reevaluate,
    trailing_fail_run,
)
from directory.lifecycle.reorganisation import (
    is_awaiting_rating_after_reorganisation,
    reorganisation_file,
    tasks_awaiting_rating_after_reorganisation,
    tasks_managed_by_bureaus_of,
)
from directory.lifecycle.revocation import (
    STAFF_CAUSES,
    revocation_confirm,
    revocation_dismiss,
    revocation_propose,
    revocation_record,
    revocation_record_for_unit,
)

__all__ = [
    "BAN_YEARS",
    "STAFF_CAUSES",
    "Ban",
    "Consequence",
    "NeedsAction",
    "active_ban_for",
    "ban_first_free_day",
    "centers_needing_action",
    "decided_revocations_in_question",
    "fail_run_pairs",
    "is_awaiting_rating_after_reorganisation",
    "rating_consequence",
    "ratings_reevaluate",
    "reorganisation_file",
    "revocation_confirm",
    "revocation_dismiss",
    "revocation_propose",
    "revocation_record",
    "revocation_record_for_unit",
    "revocations_banning",
    "tasks_awaiting_rating_after_reorganisation",
    "tasks_managed_by_bureaus_of",
    "trailing_fail_run",
]
