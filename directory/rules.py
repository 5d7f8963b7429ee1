"""Small rules of the measures about centers and events that models, forms and services share."""

import datetime as dt

from dateutil.relativedelta import relativedelta

from directory.models.taxonomies import CenterKind, CenterStatus, RevocationCause
from home.pinyin import syllables


def management_unit_for(*, kind: str, area, recommended_by: str = "") -> str:
    """Art. 11: a regional center is managed by its area's city bureau (赣江新区: 赣江新区经发局); an industry
    center by the unit that recommended it (`recommended_by`, which only the editor knows).

    For a regional center the area's bureau wins over whatever was typed, so a center moved to another
    area is managed by the new area's bureau at once."""
    if kind == CenterKind.REGIONAL and area is not None:
        return area.bureau_name
    return recommended_by


# --- Art. 9: in principle one center per area and one per industry ----------------------------------

PLACE_HOLDING_STATUSES = (CenterStatus.ACTIVE, CenterStatus.REORGANISING)


def place_of(*, kind: str, area, industry) -> tuple | None:
    """The place a center of `kind` takes (Art. 9): its area for a regional center, its one industry for an
    industry center, as a key matched across languages (taxonomy translation keys); None when not known."""
    if kind == CenterKind.REGIONAL and area is not None:
        return (CenterKind.REGIONAL, area.translation_key)
    if kind == CenterKind.INDUSTRY and industry is not None:
        return (CenterKind.INDUSTRY, industry.translation_key)
    return None


def places_held(center) -> set[tuple]:
    """Art. 9: in principle one center per area (regional) and one per industry (industry). The places
    (`place_of`) a center holds against a new one: a regional center its area, an industry center its
    industry — a regional center that lists an industry among those it serves does not hold it. Centers
    under reorganisation (重组中) still hold their place; revoked ones do not. Not a refusal anywhere: the
    application desk flags a new application (`directory.selectors.existing_center_for`), the import
    preview notes a new row. Reads `center.area` and `center.industry_links` (prefetch them for many)."""
    if center.status not in PLACE_HOLDING_STATUSES:
        return set()
    if center.kind == CenterKind.REGIONAL:
        return {place_of(kind=center.kind, area=center.area, industry=None)} - {None}
    if center.kind == CenterKind.INDUSTRY:
        return {place_of(kind=center.kind, area=None, industry=link.industry) for link in center.industry_links.all()}
    return set()


def pinyin_sort_key(name: str) -> str:
    """A key that sorts Chinese names in pinyin order (with tones to separate homophones), and Latin
    names alphabetically, case-insensitively: 抚州 (fu3) before 赣州 (gan4) before 南昌 (nan2)."""
    return " ".join(syllables(name or "", tones=True)).lower()[:600]


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
    last banned 2026-02-28, free 2026-03-01.

    It lives here, beside the models, because `Revocation.save` stores it as `ban_ends_on`; the rest of
    the ban rules are in `directory.lifecycle.bans`."""
    years = BAN_YEARS[RevocationCause(cause)]
    if years is None:
        return None
    return revoked_on + relativedelta(years=years) + dt.timedelta(days=1)


# --- Online registration for matchmaking events (Art. 18) ------------------------------------------

REGISTRATION_MINUTE = dt.timedelta(minutes=1)


def registration_closes_at(event) -> dt.datetime:
    """Registration for a matchmaking event (Art. 18) closes at the end of the deadline's minute, as the
    deadline is shown to the minute (Asia/Shanghai): a deadline of 23:59 accepts a registration at
    23:59:59 and refuses one at 00:00. It never stays open after the event starts; without a deadline it
    closes when the event starts. An exclusive bound."""
    closes = event.starts_at
    if event.registration_deadline is not None:
        deadline_minute_ends = event.registration_deadline.replace(second=0, microsecond=0) + REGISTRATION_MINUTE
        closes = min(closes, deadline_minute_ends)
    return closes


def is_registration_open(event, *, at: dt.datetime) -> bool:
    """Whether registration (by email, phone or online) is still open at `at` (`registration_closes_at`)."""
    return at < registration_closes_at(event)


def accepts_online_registration(event, *, at: dt.datetime) -> bool:
    """Whether people can register for `event` on this site at `at`: the editor switched online
    registration on and registration is open. Checked on the event page, the form and the server."""
    return bool(event.online_registration) and is_registration_open(event, at=at)
