"""What alerts are sent, and how.

- a new notice to the subscribers it matches (`matching.subscription_wants`) who asked for messages as
  they happen, when it is published (a background task, `submissions.tasks.send_notice_alerts`) or at the
  next run of `send_alerts`; subscribers who chose a daily digest get yesterday's matching notices in one
  message after midnight (China time);
- a 公示 opening (its first day, when it was published before that day) to the subscribers it matches;
- 7 days and 1 day before an application window closes (`notices.windows.application_reminder_due_at`):
  to the owners of unfinished drafts of that round (with their private link) and to subscribers of
  application notices.

Every message is claimed in the send log (`AlertDelivery`, unique per address and thing) before it is
sent, so a job run twice, or two runs at once, never send it twice; a failed address is logged and
retried at later runs (up to `MAX_ATTEMPTS`) without holding up the others; a run sends at most
`settings.ALERTS_MAX_PER_RUN` messages and leaves the rest to the next run."""

import datetime as dt
import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from home.public_address import absolute_url
from notices import windows
from notices.models import ApplicationNotice, NoticePage, PublicityNotice
from notices.models.topics import notice_topics
from submissions import receipts
from submissions.alerts import tokens
from submissions.alerts.matching import subscription_wants
from submissions.alerts.models import (
    AlertDelivery,
    AlertFrequency,
    AlertKind,
    DeliveryState,
    Subscription,
    address_hash,
)
from submissions.models import Application
from submissions.states import ApplicationState

logger = logging.getLogger("submissions.alerts")

REMINDER_DAYS = (7, 1)
OPT_OUT = "opt-out"  # the send-log row of an address that unsubscribed from reminders
MAX_ATTEMPTS = 3
LOOKBACK = dt.timedelta(days=2)  # how far back a run looks for notices it has not alerted yet


@dataclass
class Outgoing:
    email: str
    thing: str
    subject: str
    body: str
    unsubscribe_url: str


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # sent (or being sent) before
    deferred: int = 0  # over this run's limit: the next run sends them

    def __str__(self):
        return f"sent {self.sent}, failed {self.failed}, already sent {self.skipped}, left for the next run {self.deferred}"


# --- Addresses and links ------------------------------------------------------------------------------


def link(name: str, token: str) -> str:
    """The absolute address of an alerts page in the active language."""
    return absolute_url(reverse(name, args=[token]))


_locales: dict[str, Locale | None] = {}


def _page_in(page, language: str):
    """`page` in `language` when it has a live translation, else `page`."""
    if language not in _locales:
        _locales[language] = Locale.objects.filter(language_code=language).first()
    locale = _locales[language]
    if locale is None or locale.pk == page.locale_id:
        return page
    translated = page.get_translation_or_none(locale)
    return translated.specific if translated is not None and translated.live else page


def _facts(notice, language: str) -> dict:
    page = _page_in(notice, language)
    status = windows.notice_status(notice)
    return {
        "title": page.title,
        "url": absolute_url(page.get_url()),
        "kind": str(notice.get_kind_display()),
        "summary": page.summary,
        "status": status.label if status else "",
    }


def _render(template: str, context: dict) -> str:
    return render_to_string(f"submissions/alerts/email/{template}.txt", context)


def _for_subscriber(subscription, *, thing: str, template: str, subject, context) -> Outgoing:
    """A message to a subscriber in their language, with the links to change choices and unsubscribe.
    `subject` and `context` are called with that language, with it active."""
    hashed = address_hash(subscription.email)
    with translation.override(subscription.language):
        unsubscribe_url = link(
            "alerts:unsubscribe", tokens.unsubscribe_token(address_hash=hashed, subscription=subscription)
        )
        body = _render(
            template,
            {
                **context(subscription.language),
                "manage_url": link("alerts:manage", tokens.manage_token(subscription)),
                "unsubscribe_url": unsubscribe_url,
            },
        )
        return Outgoing(subscription.email, thing, str(subject(subscription.language)), body, unsubscribe_url)


def _notice_subject(notice, language):
    return _("New %(kind)s: %(title)s") % {"kind": notice.get_kind_display(), "title": _page_in(notice, language).title}


def _notice_context(notice, language):
    return {"notice": _facts(notice, language)}


def _digest_subject(day, language):
    return _("Notices published on %(day)s") % {"day": day.isoformat()}


def _digest_context(day, notices, language):
    return {"day": day, "notices": [_facts(notice, language) for notice in notices]}


def _opening_subject(notice, language):
    return _("Publicity open for objections: %(title)s") % {"title": _page_in(notice, language).title}


def _opening_context(notice, language):
    return {"notice": _facts(notice, language), "ends_on": notice.period_ends_on}


def _closing_subject(notice, days, language):
    title = _page_in(notice, language).title
    return ngettext(
        "Applications close in %(days)d day: %(title)s", "Applications close in %(days)d days: %(title)s", days
    ) % {"days": days, "title": title}


def _closing_context(notice, days, language, **extra):
    return {"notice": _facts(notice, language), "days": days, "closing": notice.window_closing_sentence, **extra}


# --- What is due --------------------------------------------------------------------------------------


def confirmed_subscriptions() -> list[Subscription]:
    return list(Subscription.objects.filter(confirmed_at__isnull=False).order_by("pk"))


def _published_after_confirming(notice, subscription) -> bool:
    return notice.first_published_at is None or notice.first_published_at >= subscription.confirmed_at


def new_notice_messages(notice, subscriptions) -> list[Outgoing]:
    """A published notice, to each subscriber it matches who wants messages as they happen (and who
    confirmed before it was published)."""
    if notice.kind not in AlertKind.values:
        return []
    topics = notice_topics(notice)
    return [
        _for_subscriber(
            subscription,
            thing=f"notice:{notice.pk}",
            template="notice",
            subject=partial(_notice_subject, notice),
            context=partial(_notice_context, notice),
        )
        for subscription in subscriptions
        if subscription.frequency == AlertFrequency.IMMEDIATE
        and _published_after_confirming(notice, subscription)
        and subscription_wants(subscription, kind=notice.kind, topics=topics)
    ]


def _default_notices():
    return NoticePage.objects.live().filter(locale=Locale.get_default(), kind__in=AlertKind.values)


def digest_messages(subscriptions, *, day: dt.date) -> list[Outgoing]:
    """The notices first published on `day` (China time), one message per daily subscriber they match."""
    published = list(
        _default_notices()
        .filter(first_published_at__gte=windows.start_of_day(day), first_published_at__lt=windows.end_of_day(day))
        .order_by("first_published_at", "pk")
        .specific()
    )
    if not published:
        return []
    with_topics = [(notice, notice_topics(notice)) for notice in published]
    messages = []
    for subscription in subscriptions:
        if subscription.frequency != AlertFrequency.DAILY:
            continue
        matching = [
            notice
            for notice, topics in with_topics
            if _published_after_confirming(notice, subscription)
            and subscription_wants(subscription, kind=notice.kind, topics=topics)
        ]
        if matching:
            messages.append(
                _for_subscriber(
                    subscription,
                    thing=f"digest:{day.isoformat()}",
                    template="digest",
                    subject=partial(_digest_subject, day),
                    context=partial(_digest_context, day, matching),
                )
            )
    return messages


def publicity_opening_messages(subscriptions, *, at: dt.datetime) -> list[Outgoing]:
    """Art. 10: a 公示 whose period began today or in the last two days, to the subscribers it matches —
    unless it was published on or after its first day, when the new-notice message said it was open."""
    today = windows.china_today(at)
    opening = PublicityNotice.objects.live().filter(
        locale=Locale.get_default(),
        period_starts_on__lte=today,
        period_starts_on__gte=today - LOOKBACK,
        period_ends_on__gte=today,
    )
    messages = []
    for notice in opening:
        first = notice.first_published_at
        if first is None or windows.china_today(first) >= notice.period_starts_on:
            continue
        topics = notice_topics(notice)
        messages += [
            _for_subscriber(
                subscription,
                thing=f"publicity-open:{notice.pk}",
                template="opening",
                subject=partial(_opening_subject, notice),
                context=partial(_opening_context, notice),
            )
            for subscription in subscriptions
            if subscription_wants(subscription, kind=notice.kind, topics=topics)
        ]
    return messages


def reminder_due(closes_at: dt.datetime, *, at: dt.datetime) -> int | None:
    """Which reminder (7 or 1 days left) is due at `at` for a window closing at `closes_at`: the nearest
    one whose moment has passed (`notices.windows.application_reminder_due_at`), None before the first
    and once the window has closed."""
    if at >= closes_at:
        return None
    for days in sorted(REMINDER_DAYS):
        if at >= windows.application_reminder_due_at(closes_at, days):
            return days
    return None


def closing_reminder_messages(subscriptions, *, at: dt.datetime) -> list[Outgoing]:
    """Art. 6: 7 days and 1 day before a round closes, its unfinished drafts' owners (with their private
    link, unless they unsubscribed from reminders) and the subscribers of application notices."""
    rounds = ApplicationNotice.objects.live().filter(
        locale=Locale.get_default(),
        window_opens_at__lte=at,
        window_closes_at__gt=at,
        window_closes_at__lte=at + dt.timedelta(days=max(REMINDER_DAYS) + 1),
    )
    opted_out = set(AlertDelivery.objects.filter(thing=OPT_OUT).values_list("address_hash", flat=True))
    messages = []
    for notice in rounds:
        days = reminder_due(notice.window_closes_at, at=at)
        if days is None:
            continue
        thing = f"closing-{days}:{notice.pk}"
        seen = set()
        drafts = Application.objects.filter(notice=notice, state=ApplicationState.DRAFT).order_by("created_at")
        for draft in drafts:
            hashed = address_hash(draft.email)
            if not draft.email or hashed in seen or hashed in opted_out:
                continue
            seen.add(hashed)
            language = draft.language or settings.LANGUAGE_CODE
            with translation.override(language):
                page = _page_in(notice, language)
                resume_url = (
                    absolute_url(page.get_url()) + "apply/?" + urlencode({"draft": receipts.draft_token(draft)})
                )
                unsubscribe_url = link("alerts:unsubscribe", tokens.unsubscribe_token(address_hash=hashed))
                body = _render(
                    "closing",
                    _closing_context(notice, days, language, resume_url=resume_url, unsubscribe_url=unsubscribe_url),
                )
                messages.append(
                    Outgoing(draft.email, thing, _closing_subject(notice, days, language), body, unsubscribe_url)
                )
        topics = notice_topics(notice)
        for subscription in subscriptions:
            if address_hash(subscription.email) in seen:
                continue
            if not subscription_wants(subscription, kind=notice.kind, topics=topics):
                continue
            messages.append(
                _for_subscriber(
                    subscription,
                    thing=thing,
                    template="closing",
                    subject=partial(_closing_subject, notice, days),
                    context=partial(_closing_context, notice, days),
                )
            )
    return messages


# --- Delivering ---------------------------------------------------------------------------------------


def _claim(hashed: str, thing: str) -> bool:
    """Take the send-log row of (address, thing): True when this run may send it. A row sent or being
    sent by another run refuses; a failed one is retried while it has attempts left."""
    try:
        with transaction.atomic():
            # bulk_create: no post_save, so the public page cache is not emptied for every message.
            AlertDelivery.objects.bulk_create([AlertDelivery(address_hash=hashed, thing=thing)])
        return True
    except IntegrityError:
        retried = AlertDelivery.objects.filter(
            address_hash=hashed, thing=thing, state=DeliveryState.FAILED, attempts__lt=MAX_ATTEMPTS
        ).update(state=DeliveryState.CLAIMED, attempts=F("attempts") + 1)
        return retried == 1


def deliver(messages: list[Outgoing], *, report: Report, limit: int) -> Report:
    """Send each message not sent before, at most `limit` in this report, each to its own address."""
    if not messages:
        return report
    done = set(
        AlertDelivery.objects.filter(thing__in={m.thing for m in messages})
        .exclude(state=DeliveryState.FAILED)
        .values_list("address_hash", "thing")
    )
    connection = None
    try:
        for message in messages:
            hashed = address_hash(message.email)
            if (hashed, message.thing) in done:
                report.skipped += 1
                continue
            if report.sent + report.failed >= limit:
                report.deferred += 1
                continue
            if not _claim(hashed, message.thing):
                report.skipped += 1
                continue
            done.add((hashed, message.thing))
            connection = connection or get_connection()
            log = AlertDelivery.objects.filter(address_hash=hashed, thing=message.thing)
            try:
                EmailMessage(
                    subject=message.subject,
                    body=message.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[message.email],
                    headers={
                        "List-Unsubscribe": f"<{message.unsubscribe_url}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                    },
                    connection=connection,
                ).send()
            except Exception as error:  # noqa: BLE001 - one address failing must not stop the others
                log.update(state=DeliveryState.FAILED, error=f"{type(error).__name__}: {error}"[:300])
                logger.warning("alert %s to %s… failed: %s", message.thing, hashed[:12], error)
                report.failed += 1
            else:
                log.update(state=DeliveryState.SENT, sent_at=timezone.now(), error="")
                logger.info("alert %s sent to %s…", message.thing, hashed[:12])
                report.sent += 1
    finally:
        if connection is not None:
            connection.close()
    return report


def send_alerts(*, at: dt.datetime | None = None, limit: int | None = None) -> Report:
    """Everything due at `at` (now): deadline reminders, 公示 openings, new notices of the last two days,
    yesterday's digest. At most `limit` (settings.ALERTS_MAX_PER_RUN) messages."""
    at = at or timezone.now()
    limit = settings.ALERTS_MAX_PER_RUN if limit is None else limit
    subscriptions = confirmed_subscriptions()
    report = Report()
    deliver(closing_reminder_messages(subscriptions, at=at), report=report, limit=limit)
    deliver(publicity_opening_messages(subscriptions, at=at), report=report, limit=limit)
    recent = _default_notices().filter(first_published_at__gte=at - LOOKBACK, first_published_at__lte=at)
    for notice in recent.order_by("first_published_at", "pk").specific():
        deliver(new_notice_messages(notice, subscriptions), report=report, limit=limit)
    yesterday = windows.china_today(at) - dt.timedelta(days=1)
    deliver(digest_messages(subscriptions, day=yesterday), report=report, limit=limit)
    return report


def send_notice_alerts(notice_id: int) -> Report:
    """The alerts for one just-published notice (the background task after publishing)."""
    notice = _default_notices().filter(pk=notice_id).specific().first()
    if notice is None:
        return Report()
    return deliver(
        new_notice_messages(notice, confirmed_subscriptions()), report=Report(), limit=settings.ALERTS_MAX_PER_RUN
    )
