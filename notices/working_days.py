"""Working-day arithmetic with the official holiday and 调休 calendar.

A year's schedule comes from staff (`HolidaySchedule`, entered in the admin under Settings → Holiday
calendar) where they have entered it, otherwise from chinese-calendar for the years it covers. A year
covered by neither raises `CalendarNotCovered`, whose `message` says which year is missing and where to
enter it; callers show that message rather than guess.
"""

import datetime as dt
from dataclasses import dataclass

import chinese_calendar
from django.utils.translation import gettext as _

from notices.models import holidays


class CalendarNotCovered(Exception):
    """Neither staff nor the holiday library know the official calendar of `year`."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(year)

    @property
    def message(self) -> str:
        """What to tell staff, in the active language."""
        return _(
            "The official holiday calendar for %(year)s is not known yet: enter the State Council's %(year)s "
            "schedule under %(screen)s."
        ) % {"year": self.year, "screen": holidays.HOLIDAY_CALENDAR_SCREEN}


@dataclass(frozen=True)
class _StaffYear:
    days_off: frozenset
    working_days: frozenset


class OfficialCalendar:
    """The official calendar as known now: staff schedules first, then chinese-calendar. Loads each
    year's staff schedule once per instance, so one computation costs one query per year."""

    def __init__(self):
        self._staff: dict[int, _StaffYear | None] = {}

    def _staff_year(self, year: int) -> "_StaffYear | None":
        if year not in self._staff:
            schedule = holidays.HolidaySchedule.objects.for_year(year).first()
            if schedule is None:
                self._staff[year] = None
            else:
                off, worked = set(), set()
                for row in schedule.days.all():
                    (worked if row.kind == holidays.HolidayScheduleDay.Kind.WORKING_DAY else off).update(row.dates())
                self._staff[year] = _StaffYear(frozenset(off), frozenset(worked))
        return self._staff[year]

    def is_working_day(self, day: dt.date) -> bool:
        """A working day by the State Council's arrangement: weekdays that are not public holidays, plus the
        weekend days made working days (调休). Raises CalendarNotCovered for a year nobody has entered."""
        staff = self._staff_year(day.year)
        if staff is not None:
            return day in staff.working_days or (day.weekday() < 5 and day not in staff.days_off)
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError as exc:
            raise CalendarNotCovered(day.year) from exc

    def is_covered(self, year: int) -> bool:
        try:
            self.is_working_day(dt.date(year, 1, 1))
        except CalendarNotCovered:
            return False
        return True


def is_working_day(day: dt.date, *, calendar: OfficialCalendar | None = None) -> bool:
    return (calendar or OfficialCalendar()).is_working_day(day)


def add_working_days(start: dt.date, count: int, *, calendar: OfficialCalendar | None = None) -> dt.date:
    """The last day of a period of `count` working days beginning on `start`.

    `start` counts as day 1 when it is a working day; otherwise counting begins at the next working
    day. E.g. five working days from Monday 2025-09-29 end on Saturday 2025-10-11 (a 调休 working day).
    Raises CalendarNotCovered when the period reaches a year nobody has entered."""
    if count < 1:
        raise ValueError("count must be at least 1")
    calendar = calendar or OfficialCalendar()
    day = start
    counted = 0
    while True:
        if calendar.is_working_day(day):
            counted += 1
            if counted == count:
                return day
        day += dt.timedelta(days=1)


def next_working_day(day: dt.date, *, calendar: OfficialCalendar | None = None) -> dt.date:
    """The first working day after `day`. Raises CalendarNotCovered."""
    return working_day_on_or_after(day + dt.timedelta(days=1), calendar=calendar)


def working_day_on_or_after(day: dt.date, *, calendar: OfficialCalendar | None = None) -> dt.date:
    """`day` when it is a working day, else the first working day after it (Civil Code Art. 203: a time
    limit whose last day is a statutory holiday or rest day ends on the day after the holiday). Raises
    CalendarNotCovered."""
    calendar = calendar or OfficialCalendar()
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def weekday_on_or_after(day: dt.date) -> dt.date:
    """`day`, or the Monday after it when it falls on a weekend: the best guess where the official
    calendar is not known, always shown together with `CalendarNotCovered.message`."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day
