"""When application windows and 公示 periods are open (Art. 6, Art. 10), and the status people see.

All windows are judged in China Standard Time. An application window runs from the minute it opens to
the minute it closes; editors give either that minute or the last day, which closes the window at the end
of that day (`end_of_day`, stored in the same field, so one rule and one query serve both). A 公示 period is given in whole days and
includes its end day to 23:59:59 Asia/Shanghai. Each rule has a Python check and the queryset filter for
the same rule side by side, so boundary choices exist once.
"""

import datetime as dt
import enum
from dataclasses import dataclass

from django.db.models import Case, CharField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home import countdown
from home.china import CHINA
from notices import working_days


class WindowState(enum.Enum):
    """Where a window stands; `label` is what the public sees (未开始 / 申报中 / 公示中 / 已截止 / 已结束)."""

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

    @property
    def css_modifier(self) -> str:
        if self.is_open:
            return "open"
        return "upcoming" if self is WindowState.NOT_STARTED else "closed"


def china_today(at: dt.datetime | None = None) -> dt.date:
    """The calendar date in Asia/Shanghai at `at` (now by default): `timezone.localdate`, pinned to China
    whatever time zone a request has activated."""
    return timezone.localdate(at, timezone=CHINA)


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day` ends in Asia/Shanghai (an exclusive bound)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=CHINA)


def start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=CHINA)


# --- Application windows (Art. 6) -----------------------------------------------------------------


def application_window_state(opens_at: dt.datetime, closes_at: dt.datetime, *, at: dt.datetime) -> WindowState:
    """Art. 6: the yearly application notice states the window. Open from `opens_at` (inclusive) until
    `closes_at` (exclusive: an editor who enters 17:00 means applications stop at 17:00:00). A reversed
    or empty window (closes at or before it opens) is never open."""
    if at < opens_at:
        return WindowState.NOT_STARTED
    if at < closes_at:
        return WindowState.APPLICATIONS_OPEN
    return WindowState.CLOSED


def application_window_open_q(*, at: dt.datetime, prefix: str = "") -> Q:
    """The queryset filter for `application_window_state(...) is APPLICATIONS_OPEN` at `at`."""
    return Q(**{f"{prefix}window_opens_at__lte": at, f"{prefix}window_closes_at__gt": at})


def application_last_day(closes_at: dt.datetime) -> dt.date:
    """The last China calendar day on which applications are accepted (a window closing at midnight
    ends the day before)."""
    return (closes_at - dt.timedelta(microseconds=1)).astimezone(CHINA).date()


def application_reminder_due_at(closes_at: dt.datetime, days_before: int) -> dt.datetime:
    """Art. 6: when the reminder "`days_before` days left" of a window closing at `closes_at` is due: at
    midnight Asia/Shanghai starting the day on which the notice shows that many days left (`days_left`),
    i.e. `days_before` whole days before the end of the last day. For a window closing at the end of 30 June,
    the 7-day reminder is due at 24 June 00:00 and the 1-day reminder at 30 June 00:00 (China time)."""
    return start_of_day(application_last_day(closes_at) - dt.timedelta(days=days_before - 1))


def application_closing_sentence(closes_at: dt.datetime | None, last_day: dt.date | None) -> str:
    """How the end of an application window is told to the public, in the active language: "until the end
    of <last day>" when editors gave the last day, else the minute it closes. China Standard Time."""
    if last_day:
        return _("Applications are accepted until the end of %(day)s (China Standard Time).") % {
            "day": last_day.isoformat()
        }
    if not closes_at:
        return ""
    return _("Applications close at %(moment)s (China Standard Time).") % {
        "moment": closes_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    }


def application_closing_short(closes_at: dt.datetime | None, last_day: dt.date | None) -> str:
    """The same for a table cell: "2025-06-30 (end of day)" or "2025-06-01 17:00"."""
    if last_day:
        return _("%(day)s (end of day)") % {"day": last_day.isoformat()}
    return closes_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if closes_at else ""


# --- Publicity periods (Art. 10) ------------------------------------------------------------------


def publicity_state(starts_on: dt.date, ends_on: dt.date, *, at: dt.datetime) -> WindowState:
    """Art. 10: the proposed list is publicised and anyone may object during the period. The period runs
    from the start of `starts_on` to the end of `ends_on` (that whole day included), Asia/Shanghai. A
    reversed period (ends before it starts) is never open."""
    today = china_today(at)
    if today < starts_on:
        return WindowState.NOT_STARTED
    if today <= ends_on:
        return WindowState.PUBLICITY_OPEN
    return WindowState.ENDED


def publicity_has_ended(starts_on: dt.date | None, ends_on: dt.date | None, *, at: dt.datetime) -> bool:
    """Art. 10 ("名单经公示无异议后"): the period is over once its last day has passed in China. A period
    without an end date (the calendar did not cover it and nobody entered one) has not ended."""
    if not (starts_on and ends_on):
        return False
    return publicity_state(starts_on, ends_on, at=at) is WindowState.ENDED


def publicity_open_q(*, at: dt.datetime, prefix: str = "") -> Q:
    """The queryset filter for `publicity_state(...) is PUBLICITY_OPEN` at `at`."""
    today = china_today(at)
    return Q(**{f"{prefix}period_starts_on__lte": today, f"{prefix}period_ends_on__gte": today})


def days_left(last_day: dt.date, *, at: dt.datetime) -> int:
    """Calendar days left including today and `last_day`: on the last day this is 1 (home/countdown.py)."""
    return countdown.days_left(last_day, at=at)


# --- Any notice: the status shown wherever a notice appears ------------------------------------------


@dataclass(frozen=True)
class NoticeStatus:
    """A notice's window as the public sees it: the state and, while open, the days left (the last day
    counts as one)."""

    state: WindowState
    days_left: int | None = None
    #: The kind's own wording for an open window (an evaluation round: 评价材料受理中), else the state's.
    open_label: str | None = None

    @property
    def state_label(self) -> str:
        """未开始 / 申报中 (or the kind's own open wording) / 公示中 / 已截止 / 已结束, without the days left."""
        if self.state is WindowState.APPLICATIONS_OPEN and self.open_label:
            return str(self.open_label)
        return str(self.state.label)

    @property
    def is_open(self) -> bool:
        return self.state.is_open

    @property
    def css_modifier(self) -> str:
        return self.state.css_modifier

    @property
    def days_left_label(self) -> str:
        """The site's one countdown wording (home/countdown.py): 剩余 21 天 / 今天截止."""
        if not self.is_open or self.days_left is None:
            return ""
        return countdown.days_left_wording(self.days_left)

    @property
    def label(self) -> str:
        """E.g. 公示中（剩余 5 天）, 已截止."""
        if self.days_left_label:
            return str(_("%(state)s (%(days)s)") % {"state": self.state_label, "days": self.days_left_label})
        return self.state_label

    def __str__(self):
        return self.label


def notice_status(notice, *, at: dt.datetime | None = None) -> NoticeStatus | None:
    """The status of any notice at `at` (now by default), or None for notices without a window
    (bulletins, revocations, policies, a 公示 whose end date is not yet set).

    Application notices follow `application_window_state` (Art. 6), 公示 `publicity_state` (Art. 10); an
    evaluation round has an application-style window (Art. 12–13) and names its open state itself
    (`open_state_label`: 评价材料受理中, as on its page). `notice_state_case` is the same rule as a database expression, for listings."""
    at = at or timezone.now()
    if getattr(notice, "window_opens_at", None) and getattr(notice, "window_closes_at", None):
        state = application_window_state(notice.window_opens_at, notice.window_closes_at, at=at)
        last_day = application_last_day(notice.window_closes_at)
    elif getattr(notice, "period_starts_on", None) and getattr(notice, "period_ends_on", None):
        state = publicity_state(notice.period_starts_on, notice.period_ends_on, at=at)
        last_day = notice.period_ends_on
    else:
        return None
    return NoticeStatus(
        state,
        days_left(last_day, at=at) if state.is_open else None,
        open_label=getattr(notice, "open_state_label", None),
    )


def notice_state_case(*, at: dt.datetime) -> Case:
    """`notice_status(...).state.value` as a database expression over `NoticePage` rows ("" for notices
    without a window), so a listing can filter by state in one query. Same boundaries as the checks above."""
    today = china_today(at)
    application = Q(kind="application", applicationnotice__isnull=False)
    evaluation = Q(kind="evaluation_round", evaluationroundnotice__isnull=False)
    publicity = Q(kind="publicity", publicitynotice__period_ends_on__isnull=False)
    return Case(
        When(application & Q(applicationnotice__window_opens_at__gt=at), then=Value(WindowState.NOT_STARTED.value)),
        When(
            application & Q(applicationnotice__window_closes_at__gt=at),
            then=Value(WindowState.APPLICATIONS_OPEN.value),
        ),
        When(application, then=Value(WindowState.CLOSED.value)),
        When(evaluation & Q(evaluationroundnotice__window_opens_at__gt=at), then=Value(WindowState.NOT_STARTED.value)),
        When(
            evaluation & Q(evaluationroundnotice__window_closes_at__gt=at),
            then=Value(WindowState.APPLICATIONS_OPEN.value),
        ),
        When(evaluation, then=Value(WindowState.CLOSED.value)),
        When(publicity & Q(publicitynotice__period_starts_on__gt=today), then=Value(WindowState.NOT_STARTED.value)),
        When(publicity & Q(publicitynotice__period_ends_on__gte=today), then=Value(WindowState.PUBLICITY_OPEN.value)),
        When(publicity, then=Value(WindowState.ENDED.value)),
        default=Value(""),
        output_field=CharField(),
    )


def publicity_ends_on(starts_on: dt.date, count: int) -> dt.date:
    """Art. 10: the last day of a 公示 of `count` working days starting on `starts_on` (in practice
    5–7), counted with the State Council's holiday and 调休 calendar: the first day counts when it is a
    working day. Raises `working_days.CalendarNotCovered` when the official calendar for a year in the
    period is not yet known; the editor then enters the end date by hand."""
    return working_days.add_working_days(starts_on, count)
