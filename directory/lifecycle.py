"""The lifecycle rules of the measures (Art. 12–17): consequences of ratings, revocation, bans, change
reports. Each rule is one function whose docstring cites its article."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Ban:
    """A re-application ban (Art. 16) on a lead unit, identified by its unified social credit code."""

    credit_code: str
    cause: str
    revoked_on: dt.date
    ends_on: dt.date  # the first day the unit may apply again
    center_name: str


def active_ban_for(credit_code: str, *, on: dt.date) -> Ban | None:
    """Art. 16: the ban that stops the lead unit with `credit_code` applying on `on`, or None.

    Filled in by the lifecycle issue; the application form already calls it."""
    return None
