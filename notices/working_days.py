"""Working-day arithmetic with the official holiday and 调休 calendar (chinese-calendar)."""

import datetime as dt

import chinese_calendar


class CalendarNotCovered(Exception):
    """The holiday library does not know the official calendar for this year yet."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(year)


def is_working_day(day: dt.date) -> bool:
    """A working day by the State Council's arrangement: weekdays that are not public holidays, plus the
    weekend days made working days (调休). Raises CalendarNotCovered outside the library's years."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError as exc:
        raise CalendarNotCovered(day.year) from exc


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The last day of a period of `count` working days beginning on `start`.

    `start` counts as day 1 when it is a working day; otherwise counting begins at the next working
    day. E.g. five working days from Monday 2025-09-29 end on Saturday 2025-10-11 (a 调休 working day).
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    day = start
    counted = 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == count:
                return day
        day += dt.timedelta(days=1)


def _next_weekday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after `day`. Where the official calendar does not cover it yet, the next
    weekday (Monday–Friday): a best guess the editor checks before publishing."""
    candidate = day + dt.timedelta(days=1)
    try:
        while not is_working_day(candidate):
            candidate += dt.timedelta(days=1)
    except CalendarNotCovered:
        return _next_weekday(day)
    return candidate


def add_working_days_or_weekdays(start: dt.date, count: int) -> tuple[dt.date, bool]:
    """`add_working_days`, and True when the official calendar covers the period; otherwise the last day
    counting Monday–Friday only, and False: a best guess the editor checks (e.g. the end of a drafted 公示)."""
    try:
        return add_working_days(start, count), True
    except CalendarNotCovered:
        day = start if start.weekday() < 5 else _next_weekday(start)
        for _ in range(count - 1):
            day = _next_weekday(day)
        return day, False
