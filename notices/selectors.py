"""Read queries about notices that more than one caller needs (the home page, the listing)."""

from django.db.models import Min, Q
from django.utils import timezone

from notices import windows
from notices.models import ApplicationNotice, EvaluationRoundNotice, NoticePage, PublicityNotice


def open_windows(*, locale, at=None) -> list:
    """Application notices and 公示 that are open at `at`, the one closing soonest first (Art. 6, 10)."""
    at = at or timezone.now()
    applications = list(
        ApplicationNotice.objects.live().filter(locale=locale).filter(windows.application_window_open_q(at=at))
    )
    publicity = list(PublicityNotice.objects.live().filter(locale=locale).filter(windows.publicity_open_q(at=at)))
    items = [(n.window_closes_at, n) for n in applications] + [
        (windows.end_of_day(n.period_ends_on), n) for n in publicity
    ]
    return [n for _, n in sorted(items, key=lambda pair: pair[0])]


def latest_notices(*, locale, limit: int = 6) -> list:
    """The newest live notices in `locale`: application notices and 公示 as their specific types (their
    status needs the window), the other kinds as notices; three queries whatever the mix of kinds."""
    return with_window_types(list(NoticePage.objects.live().filter(locale=locale).newest_first()[:limit]))


def with_window_types(notices: list) -> list:
    """`notices` (NoticePage rows) with application notices, 公示 and evaluation rounds as their specific
    types, whose status needs the window; the other kinds stay notices. At most three queries, whatever the mix of kinds (Wagtail's
    `.specific()` asks once per kind)."""
    with_window = {}
    for model in (ApplicationNotice, PublicityNotice, EvaluationRoundNotice):
        ids = [n.pk for n in notices if n.kind == model.KIND]
        if ids:
            with_window.update(model.objects.in_bulk(ids))
    return [with_window.get(n.pk, n) for n in notices]


def next_application_window_edge(at):
    """The next moment after `at` at which a live application window opens or closes, or None."""
    live = ApplicationNotice.objects.live()
    edges = live.aggregate(
        opens=Min("window_opens_at", filter=Q(window_opens_at__gt=at)),
        closes=Min("window_closes_at", filter=Q(window_closes_at__gt=at)),
    )
    found = [edge for edge in edges.values() if edge is not None]
    return min(found) if found else None
