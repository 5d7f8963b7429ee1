"""Drafting notices: the one place that finds the notice list and creates notice pages for other apps.

A 公示 from a round's approved applications (Art. 10), a revocation notice from a confirmed proposal
(Art. 15, 17) and an evaluation bulletin from a year's ratings (Art. 12–14) are all saved as draft
revisions, never published here: editors check the wording, 文号 and dates and publish them through the
notices workflow, and publishing is what changes the directory (`notices.signals`). Other apps call these
functions (or send `directory.signals.revocation_proposal_confirmed`) and never touch the page tree.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from directory.models import Rating, RevocationCause
from notices import working_days as official_calendar
from notices.models import (
    BulletinRating,
    EvaluationBulletin,
    EvaluationRoundNotice,
    NoticeIndexPage,
    NoticePage,
    PublicityEntry,
    PublicityNotice,
    RevocationNotice,
)


class NoticeIndexMissing(ValidationError):
    """There is no notice list (/notices/) to put a draft under."""


def notice_index(*, locale=None) -> NoticeIndexPage:
    """The notice list of `locale` (the default language when None or when that language has none), under
    which every notice is created. Raises `NoticeIndexMissing` when the site has no notice list."""
    default = Locale.get_default()
    for candidate in (locale or default, default):
        index = NoticeIndexPage.objects.filter(locale=candidate).order_by("path").first()
        if index is not None:
            return index
    raise NoticeIndexMissing(_("There is no notice list to put the draft under."))


def _free_slug(index: NoticeIndexPage, base: str) -> str:
    slug, n = base, 1
    while index.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _save_draft(index: NoticeIndexPage, notice: NoticePage, actor) -> NoticePage:
    with transaction.atomic():
        index.add_child(instance=notice)
        notice.save_revision(user=actor, log_action=True)
    return notice


def publicity_draft_create(*, round_notice, applications, actor, working_days: int = 5) -> PublicityNotice:
    """Art. 10: draft the 公示 of a round's proposed list, one entry per application (in the order given),
    under the notice list of the round's language. Starts on the next working day, leaving a day for
    editors to review and publish it, and lasts `working_days` working days. Editors may change both.

    Where the official holiday calendar (`notices.working_days`) does not cover the period, the draft is
    saved without its end date (the length kept, so the end is computed once staff enter that year) and
    the returned page's `calendar_warning` says which year is missing and where to enter it; it is ""
    otherwise. Where even the start cannot be counted, it is the next weekday, for the editor to check."""
    if not applications:
        raise ValueError("a 公示 needs at least one application")
    index = notice_index(locale=round_notice.locale)
    calendar = official_calendar.OfficialCalendar()
    today = timezone.localdate()
    starts_on = ends_on = None
    warning = ""
    try:
        starts_on = official_calendar.next_working_day(today, calendar=calendar)
        ends_on = official_calendar.add_working_days(starts_on, working_days, calendar=calendar)
    except official_calendar.CalendarNotCovered as gap:
        starts_on = starts_on or official_calendar.weekday_on_or_after(today + dt.timedelta(days=1))
        warning = gap.message
    with translation.override(index.locale.language_code):
        title = _("Publicity of the proposed %(year)s provincial digital transformation promotion centers") % {
            "year": round_notice.round_year
        }
        summary = _("%(count)s applications approved after expert review are publicised for objections.") % {
            "count": len(applications)
        }
    notice = PublicityNotice(
        title=title,
        slug=_free_slug(index, slugify(f"publicity-{round_notice.round_year}-proposed") or "publicity"),
        summary=summary,
        locale_id=index.locale_id,
        published_on=timezone.localdate(),
        period_starts_on=starts_on,
        working_days=working_days,
        period_ends_on=ends_on,
        round_notice=round_notice,
        live=False,
        owner=actor,
    )
    notice.entries = [
        PublicityEntry(
            proposed_name=application.proposed_name or application.lead_unit_name,
            lead_unit_name=application.lead_unit_name,
            kind=application.kind,
            area=application.area,
            industry=application.target_industry,
            sort_order=position,
        )
        for position, application in enumerate(applications)
    ]
    _save_draft(index, notice, actor)
    notice.calendar_warning = warning
    return notice


def publicity_entries(notice: PublicityNotice) -> list[PublicityEntry]:
    """The entries of a 公示 in list order: for a draft from `publicity_draft_create`, the order of the
    applications it was given, so the caller can tie each application to its entry."""
    return list(notice.entries.order_by("sort_order", "pk"))


def revocation_notice_draft(*, proposal, effective_on, actor=None) -> RevocationNotice:
    """Art. 15, Art. 17: draft the notice revoking a center's title for a confirmed proposal, under the
    notice list of the center's language, effective and dated `effective_on`. Publishing it is what
    revokes the center and starts the ban (Art. 16), so the department still checks its wording, number
    and date. Raises `NoticeIndexMissing` when there is no notice list."""
    center = proposal.center
    index = notice_index(locale=center.locale)
    with translation.override(index.locale.language_code):
        title = _("Notice on revoking the title of %(center)s") % {"center": center.title}
        summary = _(
            "%(center)s: the title of provincial Digital Transformation Promotion Center is revoked (%(cause)s)."
        ) % {"center": center.title, "cause": RevocationCause(proposal.cause).label}
    notice = RevocationNotice(
        title=title,
        slug=_free_slug(index, f"revocation-{center.slug}-{effective_on:%Y%m%d}"[:240]),
        center=center,
        cause=proposal.cause,
        effective_on=effective_on,
        published_on=effective_on,
        summary=summary,
        locale_id=index.locale_id,
        live=False,
        owner=actor,
    )
    return _save_draft(index, notice, actor)


def evaluation_bulletin_draft(*, year: int, ratings, actor=None) -> EvaluationBulletin:
    """Art. 12–14: draft the bulletin of a year's evaluation results with one rating per (center, rating)
    pair, in the order given, under the default language's notice list. Art. 13: four grades, and one
    rating per center per year, so a center given twice or an unknown grade is refused."""
    ratings = list(ratings)
    seen = set()
    for center, rating in ratings:
        if rating not in Rating.values:
            raise ValidationError(_("%(rating)s is not one of the four grades.") % {"rating": rating})
        if center.pk in seen:
            raise ValidationError(
                _("%(center)s is rated more than once; keep one rating per center.") % {"center": center}
            )
        seen.add(center.pk)
    index = notice_index()
    with translation.override(index.locale.language_code):
        title = _("Evaluation results of the provincial digital transformation promotion centers for %(year)s") % {
            "year": year
        }
    bulletin = EvaluationBulletin(
        title=title,
        slug=_free_slug(index, f"evaluation-{year}"),
        locale_id=index.locale_id,
        published_on=timezone.localdate(),
        evaluation_year=year,
        live=False,
        owner=actor,
    )
    bulletin.ratings = [
        BulletinRating(center=center, rating=rating, sort_order=position)
        for position, (center, rating) in enumerate(ratings)
    ]
    return _save_draft(index, bulletin, actor)


def evaluation_round_draft(
    *, year: int, opens_at: dt.datetime, last_day: dt.date, attachments=(), actor=None
) -> EvaluationRoundNotice:
    """Art. 12–13: draft the notice opening the yearly evaluation of `year`: materials accepted from
    `opens_at` until the end of `last_day` (China time), the indicator list among `attachments`
    (`NoticeAttachment`s). Saved as a draft under the default language's notice list; publishing it is
    what opens the round to the centers."""
    index = notice_index()
    with translation.override(index.locale.language_code):
        title = _("Notice on the %(year)s evaluation of the provincial digital transformation promotion centers") % {
            "year": year
        }
        summary = _(
            "Every active center and every center under reorganisation submits its %(year)s evaluation materials "
            "online within the window."
        ) % {"year": year}
    notice = EvaluationRoundNotice(
        title=title,
        slug=_free_slug(index, f"evaluation-round-{year}"),
        summary=summary,
        locale_id=index.locale_id,
        published_on=timezone.localdate(),
        evaluation_year=year,
        window_opens_at=opens_at,
        window_last_day=last_day,
        live=False,
        owner=actor,
    )
    notice.attachments = list(attachments)
    return _save_draft(index, notice, actor)
