"""Boundaries of application windows and 公示 periods (Art. 6, Art. 10), in Asia/Shanghai with the end
day included, and the status people read; the database expression agrees with the Python check."""

import datetime as dt

import pytest

from notices import windows
from notices.models import NoticePage
from notices.windows import WindowState
from notices.working_days import CalendarNotCovered, add_working_days, is_working_day
from tests import factories
from tests.factories import china

OPENS = china(dt.date(2025, 6, 1), 9, 0)
CLOSES = china(dt.date(2025, 6, 30), 17, 0)
SECOND = dt.timedelta(seconds=1)
MINUTE = dt.timedelta(minutes=1)


# --- Application windows -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.django_db
@pytest.mark.django_db
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (OPENS - MINUTE, WindowState.NOT_STARTED),
        (OPENS - SECOND, WindowState.NOT_STARTED),
        (OPENS, WindowState.APPLICATIONS_OPEN),  # the minute it opens
        (CLOSES - SECOND, WindowState.APPLICATIONS_OPEN),  # the last second
        (CLOSES, WindowState.CLOSED),  # closing minute: refused
        (CLOSES + MINUTE, WindowState.CLOSED),
    ],
)
def test_application_window_boundaries(at, expected):
    assert windows.application_window_state(OPENS, CLOSES, at=at) is expected


def test_a_window_closing_at_midnight_includes_the_whole_last_day():
    closes = china(dt.date(2025, 7, 1))  # 00:00 on 1 July = end of 30 June
    last_second = china(dt.date(2025, 6, 30), 23, 59, 59)
    assert windows.application_window_state(OPENS, closes, at=last_second) is WindowState.APPLICATIONS_OPEN
    assert windows.application_window_state(OPENS, closes, at=closes) is WindowState.CLOSED
    assert windows.application_last_day(closes) == dt.date(2025, 6, 30)


def test_window_is_judged_in_china_time_not_utc():
    # 2025-06-30 16:59:59 UTC is 2025-07-01 00:59:59 in Shanghai: after a 17:00 China close.
    utc_at = dt.datetime(2025, 6, 30, 16, 59, 59, tzinfo=dt.UTC)
    assert windows.application_window_state(OPENS, CLOSES, at=utc_at) is WindowState.CLOSED


@pytest.mark.parametrize("closes", [OPENS, OPENS - dt.timedelta(days=1)], ids=["empty", "reversed"])
def test_empty_or_reversed_application_window_is_never_open(closes):
    for at in (OPENS - MINUTE, OPENS, OPENS + MINUTE, closes, closes + dt.timedelta(days=2)):
        assert windows.application_window_state(OPENS, closes, at=at) is not WindowState.APPLICATIONS_OPEN


# --- Publicity periods -----------------------------------------------------------------------------

START = dt.date(2025, 9, 29)
END = dt.date(2025, 10, 11)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (china(START) - SECOND, WindowState.NOT_STARTED),
        (china(START), WindowState.PUBLICITY_OPEN),  # first minute of the first day
        (china(END, 23, 59, 59), WindowState.PUBLICITY_OPEN),  # last second of the end day
        (china(END + dt.timedelta(days=1)), WindowState.ENDED),  # the next minute
        (china(END + dt.timedelta(days=1), 0, 1), WindowState.ENDED),
    ],
)
def test_publicity_period_boundaries(at, expected):
    assert windows.publicity_state(START, END, at=at) is expected


def test_reversed_publicity_period_is_never_open():
    for day in (END - dt.timedelta(days=1), END, START, START + dt.timedelta(days=1)):
        assert windows.publicity_state(START, START - dt.timedelta(days=1), at=china(day, 12)) is not (
            WindowState.PUBLICITY_OPEN
        )


def test_single_day_publicity_is_open_all_that_day():
    assert windows.publicity_state(START, START, at=china(START, 23, 59, 59)) is WindowState.PUBLICITY_OPEN
    assert windows.publicity_state(START, START, at=china(START + dt.timedelta(days=1))) is WindowState.ENDED


# --- What people read ------------------------------------------------------------------------------


class _Publicity:
    def __init__(self, starts_on, ends_on):
        self.period_starts_on, self.period_ends_on = starts_on, ends_on


def test_status_counts_days_left_with_the_last_day_as_one():
    notice = _Publicity(START, END)
    assert windows.notice_status(notice, at=china(END - dt.timedelta(days=4), 8)).days_left == 5
    last = windows.notice_status(notice, at=china(END, 23, 59, 59))
    assert last.days_left == 1
    assert windows.notice_status(notice, at=china(END + dt.timedelta(days=1))).days_left is None


def test_status_labels_in_chinese_and_english():
    from django.utils import translation

    notice = _Publicity(START, END)
    with translation.override("zh-hans"):
        assert windows.notice_status(notice, at=china(END - dt.timedelta(days=4))).label == "公示中（剩余 5 天）"
        assert windows.notice_status(notice, at=china(END, 10)).label == "公示中（今天截止）"
        assert windows.notice_status(notice, at=china(END + dt.timedelta(days=1))).label == "已结束"
        assert windows.notice_status(notice, at=china(START - dt.timedelta(days=1))).label == "未开始"
        assert str(WindowState.APPLICATIONS_OPEN.label) == "申报中"
        assert str(WindowState.CLOSED.label) == "已截止"
    with translation.override("en"):
        assert (
            windows.notice_status(notice, at=china(END - dt.timedelta(days=4))).label == "Publicity open (5 days left)"
        )


def test_notices_without_a_window_have_no_status():
    assert windows.notice_status(object(), at=OPENS) is None


# --- The queryset side agrees with the check, at every boundary ------------------------------------


@pytest.mark.django_db
def test_state_expression_matches_the_python_check_at_each_boundary(site_tree):
    home = site_tree["home"]
    factories.application_notice(home, opens_at=OPENS, closes_at=CLOSES, round_year=2025)
    reversed_window = factories.application_notice(home, opens_at=OPENS, closes_at=CLOSES, round_year=2025)
    # Editors cannot save a reversed window (see test_pages); older rows might still hold one.
    type(reversed_window).objects.filter(pk=reversed_window.pk).update(window_closes_at=OPENS - dt.timedelta(days=1))
    factories.publicity_notice(home, starts_on=START, ends_on=END)
    factories.policy_notice(home)
    moments = [
        OPENS - MINUTE,
        OPENS,
        CLOSES - SECOND,
        CLOSES,
        china(START) - SECOND,
        china(START),
        china(END, 23, 59, 59),
        china(END + dt.timedelta(days=1)),
    ]
    for at in moments:
        annotated = {p.pk: p.window_state for p in NoticePage.objects.with_state(at=at)}
        for page in NoticePage.objects.specific():
            status = windows.notice_status(page, at=at)
            assert annotated[page.pk] == (status.state.value if status else ""), (page.title, at)


@pytest.mark.django_db
def test_open_filters_match_the_checks(site_tree):
    from notices.models import ApplicationNotice, PublicityNotice

    home = site_tree["home"]
    app = factories.application_notice(home, opens_at=OPENS, closes_at=CLOSES, round_year=2025)
    pub = factories.publicity_notice(home, starts_on=START, ends_on=END)
    assert list(ApplicationNotice.objects.filter(windows.application_window_open_q(at=OPENS))) == [app]
    assert not ApplicationNotice.objects.filter(windows.application_window_open_q(at=CLOSES)).exists()
    assert list(PublicityNotice.objects.filter(windows.publicity_open_q(at=china(END, 23, 59, 59)))) == [pub]
    assert not PublicityNotice.objects.filter(windows.publicity_open_q(at=china(END + dt.timedelta(days=1)))).exists()


# --- Working days with the holiday and 调休 calendar ------------------------------------------------


@pytest.mark.django_db
def test_five_working_days_across_national_day_end_on_a_tiaoxiu_saturday():
    # 09-29, 09-30, (10-01…10-08 holiday), 10-09, 10-10, Saturday 10-11 is a 调休 working day.
    assert add_working_days(dt.date(2025, 9, 29), 5) == dt.date(2025, 10, 11)
    assert windows.publicity_ends_on(dt.date(2025, 9, 29), 5) == dt.date(2025, 10, 11)
    assert is_working_day(dt.date(2025, 9, 28))  # Sunday made a working day
    assert not is_working_day(dt.date(2025, 10, 8))


@pytest.mark.django_db
def test_a_period_starting_on_a_holiday_counts_from_the_next_working_day():
    assert add_working_days(dt.date(2025, 10, 1), 1) == dt.date(2025, 10, 9)
    assert add_working_days(dt.date(2025, 10, 4), 3) == dt.date(2025, 10, 11)


@pytest.mark.django_db
def test_ordinary_week_skips_the_weekend():
    assert add_working_days(dt.date(2025, 6, 5), 5) == dt.date(2025, 6, 11)  # Thu → next Wed


@pytest.mark.django_db
def test_years_the_library_does_not_cover_are_reported():
    with pytest.raises(CalendarNotCovered) as excinfo:
        add_working_days(dt.date(2099, 3, 2), 5)
    assert excinfo.value.year == 2099
