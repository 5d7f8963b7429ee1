"""Notices of each kind under the notice list, open or closed windows by default open around today."""

import datetime as dt

import factory
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from notices.models import (
    ApplicationNotice,
    BulletinRating,
    EvaluationBulletin,
    EvaluationRoundNotice,
    HolidaySchedule,
    HolidayScheduleDay,
    NoticeIndexPage,
    PolicyNotice,
    PublicityEntry,
    PublicityNotice,
    RevocationNotice,
)

from .pages import PageFactory, publish, serial


def notice_index(home) -> NoticeIndexPage:
    """The notice list under `home`, created and published when missing."""
    index = NoticeIndexPage.objects.child_of(home).first()
    if index is None:
        index = NoticeIndexPage(title="通知公告", slug="notices")
        home.add_child(instance=index)
        index = publish(index)
    return index


class ApplicationNoticeFactory(PageFactory):
    class Meta:
        model = ApplicationNotice

    title = "关于组织申报省级数字化转型促进中心的通知"
    slug = factory.LazyFunction(lambda: f"application-{serial()}")
    round_year = factory.LazyFunction(lambda: timezone.now().year)
    document_number = "赣工信数字函〔2026〕18号"
    window_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=3))
    window_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))


class PublicityNoticeFactory(PageFactory):
    class Meta:
        model = PublicityNotice

    title = "省级数字化转型促进中心拟认定名单公示"
    slug = factory.LazyFunction(lambda: f"publicity-{serial()}")
    period_starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=2))
    period_ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=5))
    working_days = None


class PolicyNoticeFactory(PageFactory):
    class Meta:
        model = PolicyNotice

    title = "江西省省级数字化转型促进中心管理办法"
    slug = factory.LazyFunction(lambda: f"policy-{serial()}")
    in_force_from = dt.date(2024, 10, 26)


def application_notice(home, *, opens_at=None, closes_at=None, live=True, **fields) -> ApplicationNotice:
    """An application round open from three days ago for ten days unless told."""
    if opens_at is not None:
        fields["window_opens_at"] = opens_at
    if closes_at is not None:
        fields["window_closes_at"] = closes_at
    return ApplicationNoticeFactory(parent=notice_index(home), live=live, **fields)


def publicity_notice(home, *, starts_on=None, ends_on=None, entries=3, live=True, **fields) -> PublicityNotice:
    """A 公示 running from two days ago to five days ahead unless told; `entries` is a count of made-up
    entries or a list of PublicityEntry."""
    if starts_on is not None:
        fields["period_starts_on"] = starts_on
    if ends_on is not None:
        fields["period_ends_on"] = ends_on
    if isinstance(entries, int):
        entries = [
            PublicityEntry(proposed_name=f"拟认定促进中心{i}", lead_unit_name=f"申报单位{i}", sort_order=i)
            for i in range(1, entries + 1)
        ]
    return PublicityNoticeFactory(parent=notice_index(home), live=live, entries=entries, **fields)


def policy_notice(home, *, live=True, **fields) -> PolicyNotice:
    return PolicyNoticeFactory(parent=notice_index(home), live=live, **fields)


def policy_notice_edit_form(notice: PolicyNotice, **fields) -> dict:
    """The admin edit form of `notice` as the page editor posts it (its body and attachments emptied),
    with `fields` changed: e.g. `title=...`, `**{"action-publish": "action-publish"}`."""
    form = {
        "title": notice.title,
        "slug": notice.slug,
        "document_number": "",
        "published_on": notice.published_on.isoformat(),
        "issuing_units": notice.issuing_units,
        "summary": "",
        "in_force_from": "",
        "body": streamfield([]),
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
    }
    return nested_form_data({**form, **fields})


def bulletin(home, *, year: int, ratings: dict, live=True, **fields) -> EvaluationBulletin:
    """An evaluation bulletin; `ratings` maps CenterPage → rating value."""
    fields.setdefault("title", f"关于{year}年度省级数字化转型促进中心运行评价结果的通报")
    fields.setdefault("slug", f"evaluation-{serial()}")
    page = EvaluationBulletin(
        evaluation_year=year,
        ratings=[BulletinRating(center=center, rating=rating) for center, rating in ratings.items()],
        **fields,
    )
    notice_index(home).add_child(instance=page)
    return publish(page) if live else page


def revocation(home, *, center, cause="two_fails", effective_on=None, live=True, **fields) -> RevocationNotice:
    fields.setdefault("title", f"关于撤销{center.title}资格的通知")
    fields.setdefault("slug", f"revocation-{serial()}")
    page = RevocationNotice(center=center, cause=cause, effective_on=effective_on or timezone.localdate(), **fields)
    notice_index(home).add_child(instance=page)
    return publish(page) if live else page


def holiday_schedule(year: int, *, holidays=(), working_days=(), source="") -> HolidaySchedule:
    """A year's holiday schedule as staff enter it: `holidays` are (first, last) date pairs (or single
    dates), `working_days` the 调休 weekend days worked. Tests use made-up schedules, never the State
    Council's."""
    schedule = HolidaySchedule(year=year, source=source)
    rows = []
    for entry in holidays:
        first, last = entry if isinstance(entry, tuple) else (entry, None)
        rows.append(HolidayScheduleDay(kind=HolidayScheduleDay.Kind.HOLIDAY, first_day=first, last_day=last))
    rows += [HolidayScheduleDay(kind=HolidayScheduleDay.Kind.WORKING_DAY, first_day=day) for day in working_days]
    schedule.days = rows
    schedule.save()
    return schedule


def evaluation_round(home, *, year=2025, opens_at=None, closes_at=None, live=True, **fields) -> EvaluationRoundNotice:
    """An evaluation notice (Art. 12–13) whose window for materials opened three days ago and closes in
    ten days unless told."""
    now = timezone.now()
    fields.setdefault("title", f"关于开展{year}年度省级数字化转型促进中心运行评价工作的通知")
    fields.setdefault("slug", f"evaluation-round-{serial()}")
    page = EvaluationRoundNotice(
        evaluation_year=year,
        window_opens_at=opens_at or now - dt.timedelta(days=3),
        window_closes_at=closes_at or now + dt.timedelta(days=10),
        **fields,
    )
    notice_index(home).add_child(instance=page)
    return publish(page) if live else page
