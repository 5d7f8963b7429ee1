"""The one countdown wording of the site, in whole days: "剩余 21 天" / "21 days left", "今天截止" /
"Closes today", "已截止" / "Closed"; and for moments past, "今天" / "3 天前". Pages, forms, emails and the
desk all use these (through the `countdown` and `days_ago` template filters in `site_tags`), never
Django's `timeuntil`/`timesince` ("2 周，5 日").

Days are China calendar days (Asia/Shanghai). A deadline given as a moment (an application window that
closes at 17:00, or at 24:00 of its last day) has as its last day the day that moment falls on, a deadline
given as a date (a 公示's end day) is that day itself; the count includes today, so on the last day it is 1
and reads "closes today"."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from home.china import CHINA


def _today(at: dt.datetime | None) -> dt.date:
    return timezone.localdate(at or timezone.now(), timezone=CHINA)


def last_day_of(deadline: dt.date | dt.datetime) -> dt.date:
    """The last China calendar day before `deadline`: a date is its own last day; a moment (an exclusive
    end, e.g. 00:00 the next day) ends on the day of the instant just before it."""
    if isinstance(deadline, dt.datetime):
        return (deadline - dt.timedelta(microseconds=1)).astimezone(CHINA).date()
    return deadline


def days_left(deadline: dt.date | dt.datetime, *, at: dt.datetime | None = None) -> int:
    """Calendar days left including today and the last day: 1 on the last day, 0 once it has passed."""
    return max((last_day_of(deadline) - _today(at)).days + 1, 0)


def countdown(deadline: dt.date | dt.datetime | None, *, at: dt.datetime | None = None) -> str:
    """ "21 days left" (剩余 21 天), "Closes today" (今天截止) or "Closed" (已截止), in the active language;
    "" without a deadline. A moment already past reads "Closed" even on its own day."""
    if not deadline:
        return ""
    now = at or timezone.now()
    if isinstance(deadline, dt.datetime) and deadline <= now:
        return gettext("Closed")
    return days_left_wording(days_left(deadline, at=now))


def days_left_wording(left: int) -> str:
    """The words for a count of days left including today: 0 "Closed", 1 "Closes today", else "N days left"."""
    if left <= 0:
        return gettext("Closed")
    if left == 1:
        return gettext("Closes today")
    return ngettext("%(count)d day left", "%(count)d days left", left) % {"count": left}


def days_ago(moment: dt.date | dt.datetime | None, *, at: dt.datetime | None = None) -> str:
    """ "today" (今天), "yesterday" (昨天) or "3 days ago" (3 天前), in China calendar days; "" without a
    moment. A moment in the future reads as a countdown."""
    if not moment:
        return ""
    day = moment.astimezone(CHINA).date() if isinstance(moment, dt.datetime) else moment
    ago = (_today(at) - day).days
    if ago < 0:
        return countdown(moment, at=at)
    if ago == 0:
        return gettext("today")
    if ago == 1:
        return gettext("yesterday")
    return ngettext("%(count)d day ago", "%(count)d days ago", ago) % {"count": ago}
