"""Re-application bans (Art. 16): which lead units may not be recommended on a given day, and until when.

How long a ban lasts is `directory.rules.ban_first_free_day` (kept beside the models, because
`Revocation.save` stores it); this module reads the bans in force.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from directory.models import Revocation, RevocationCause
from directory.rules import BAN_YEARS, ban_first_free_day
from directory.validators import normalise_credit_code

__all__ = ["BAN_YEARS", "Ban", "active_ban_for", "ban_first_free_day", "revocations_banning"]


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
