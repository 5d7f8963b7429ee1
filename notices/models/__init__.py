"""Notices: the yearly cycle of the measures told as pages under /notices/, one module per page type.

`base` holds `NoticePage` (what every notice has) and `NoticeIndexPage` (the list at /notices/); five page
types extend `NoticePage`: application notices (Art. 6, `application`), 公示 lists (Art. 10,
`publicity`), evaluation bulletins (Art. 12–14, `bulletin`), revocation notices (Art. 15, `revocation`)
and policy documents (`policy`). `topics` says which areas and industries a notice concerns. `holidays` holds
the official holiday schedules staff enter for years the built-in calendar does not know (`notices.working_days`
counts with them). Every model is re-exported here, so `notices.models.X` names each model.
"""

from notices.models.application import APPLICATION_FORM_HOOK, ApplicationNotice
from notices.models.base import (
    CENTER_KIND_LABELS,
    NOTICE_ATOM_FEED_HOOK,
    NOTICE_LIST_CONTEXT_HOOK,
    NOTICE_PAGE_PANELS_HOOK,
    NOTICE_RSS_FEED_HOOK,
    RATING_LABELS,
    NoticeAttachment,
    NoticeIndexPage,
    NoticeKind,
    NoticePage,
    NoticePageManager,
    NoticePageQuerySet,
    NoticeStatusFilter,
)
from notices.models.bulletin import BulletinRating, EvaluationBulletin
from notices.models.evaluation import EvaluationRoundNotice, evaluation_window_open_q, evaluation_window_state
from notices.models.holidays import HolidaySchedule, HolidayScheduleDay
from notices.models.policy import PolicyNotice
from notices.models.publicity import OBJECTION_FORM_HOOK, PublicityEntry, PublicityNotice, publicity_result_text
from notices.models.revocation import RevocationNotice

__all__ = [
    "APPLICATION_FORM_HOOK",
    "CENTER_KIND_LABELS",
    "NOTICE_ATOM_FEED_HOOK",
    "NOTICE_LIST_CONTEXT_HOOK",
    "NOTICE_PAGE_PANELS_HOOK",
    "NOTICE_RSS_FEED_HOOK",
    "OBJECTION_FORM_HOOK",
    "RATING_LABELS",
    "ApplicationNotice",
    "BulletinRating",
    "EvaluationBulletin",
    "EvaluationRoundNotice",
    "HolidaySchedule",
    "HolidayScheduleDay",
    "NoticeAttachment",
    "NoticeIndexPage",
    "NoticeKind",
    "NoticePage",
    "NoticePageManager",
    "NoticePageQuerySet",
    "NoticeStatusFilter",
    "PolicyNotice",
    "PublicityEntry",
    "PublicityNotice",
    "RevocationNotice",
    "evaluation_window_open_q",
    "evaluation_window_state",
    "publicity_result_text",
]
