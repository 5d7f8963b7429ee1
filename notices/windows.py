"""When application windows and 公示 periods are open (Art. 6, Art. 10).

All windows are judged in China Standard Time. An application window runs from the minute it opens to
the minute it closes (editors enter both as date-times). A 公示 period is given in whole days and
includes its end day to 23:59:59 Asia/Shanghai. Each rule has a Python check and the queryset filter for
the same rule side by side, so boundary choices exist once.
"""

import datetime as dt
import enum
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CHINA = ZoneInfo("Asia/Shanghai")


class WindowState(enum.Enum):
    """Where a window stands; `label` is what the public sees."""

    NOT_STARTED = "not_started"
    APPLICATIONS_OPEN = "applications_open"
    PUBLICITY_OPEN = "publicity_open"
    CLOSED = "closed"  # an application window that has closed: 已截止
    ENDED = "ended"  # a 公示 period that has ended: 已结束

    @property
    def label(self):
        return {
            WindowState.NOT_STARTED: _("Not yet open"),
            WindowState.APPLICATIONS_OPEN: _("Accepting applications"),
            WindowState.PUBLICITY_OPEN: _("Publicity open"),
            WindowState.CLOSED: _("Closed"),
            WindowState.ENDED: _("Ended"),
        }[self]

    @property
    def is_open(self) -> bool:
        return self in (WindowState.APPLICATIONS_OPEN, WindowState.PUBLICITY_OPEN)


def china_today(at: dt.datetime | None = None) -> dt.date:
    """The calendar date in Asia/Shanghai at `at` (now by default)."""
    return (at or timezone.now()).astimezone(CHINA).date()


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day` ends in Asia/Shanghai (an exclusive bound)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=CHINA)


def start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=CHINA)


# --- Application windows (Art. 6) -----------------------------------------------------------------


def application_window_state(opens_at: dt.datetime, closes_at: dt.datetime, *, at: dt.datetime) -> WindowState:
    """Art. 6: the yearly application notice states the window. Open from `opens_at` (inclusive) until
    `closes_at` (exclusive: an editor who enters 17:00 means applications stop at 17:00:00)."""
    if at < opens_at:
        return WindowState.NOT_STARTED
    if at < closes_at:
        return WindowState.APPLICATIONS_OPEN
    return WindowState.CLOSED


def application_window_open_q(*, at: dt.datetime, prefix: str = "") -> Q:
    """The queryset filter for `application_window_state(...) is APPLICATIONS_OPEN` at `at`."""
    return Q(**{f"{prefix}window_opens_at__lte": at, f"{prefix}window_closes_at__gt": at})


# --- Publicity periods (Art. 10) ------------------------------------------------------------------


def publicity_state(starts_on: dt.date, ends_on: dt.date, *, at: dt.datetime) -> WindowState:
    """Art. 10: the proposed list is publicised and anyone may object during the period. The period runs
    from the start of `starts_on` to the end of `ends_on` (that whole day included), Asia/Shanghai."""
    today = china_today(at)
    if today < starts_on:
        return WindowState.NOT_STARTED
    if today <= ends_on:
        return WindowState.PUBLICITY_OPEN
    return WindowState.ENDED


def publicity_open_q(*, at: dt.datetime, prefix: str = "") -> Q:
    """The queryset filter for `publicity_state(...) is PUBLICITY_OPEN` at `at`."""
    today = china_today(at)
    return Q(**{f"{prefix}period_starts_on__lte": today, f"{prefix}period_ends_on__gte": today})


def days_left(last_day: dt.date, *, at: dt.datetime) -> int:
    """Calendar days left including today and `last_day`: on the last day this is 1."""
    return max((last_day - china_today(at)).days + 1, 0)
