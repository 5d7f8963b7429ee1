"""Read queries about notices that more than one caller needs (the home page, the listing)."""

import bisect

from django.utils import timezone

from home.cache import memo
from notices import windows
from notices.models import ApplicationNotice, EvaluationRoundNotice, NoticePage, PublicityNotice
from notices.models.base import WINDOW_KINDS


def open_windows(*, locale, at=None) -> list:
    """Application notices, 公示 and evaluation rounds open at `at`, the one closing soonest first (Art. 6,
    10, 13): every kind in `WINDOW_KINDS`, one query each."""
    at = at or timezone.now()
    timed = [
        notice
        for model in (ApplicationNotice, EvaluationRoundNotice)
        for notice in model.objects.live().filter(locale=locale).filter(windows.application_window_open_q(at=at))
    ]
    publicity = list(PublicityNotice.objects.live().filter(locale=locale).filter(windows.publicity_open_q(at=at)))
    items = [(n.window_closes_at, n) for n in timed] + [(windows.end_of_day(n.period_ends_on), n) for n in publicity]
    return [n for _, n in sorted(items, key=lambda pair: pair[0])]


def latest_notices(*, locale, limit: int = 6) -> list:
    """The newest live notices in `locale`: those with a window as their specific types (their status needs
    the window), the other kinds as notices; a few queries whatever the mix of kinds."""
    return with_window_types(list(NoticePage.objects.live().filter(locale=locale).newest_first()[:limit]))


def with_window_types(notices: list) -> list:
    """`notices` (NoticePage rows) with the kinds that open a window (`WINDOW_KINDS`) as their specific types,
    whose status needs the window; the other kinds stay notices. One query per such kind present, whatever
    the number of notices (Wagtail's `.specific()` asks once per kind)."""
    with_window = {}
    models = (ApplicationNotice, PublicityNotice, EvaluationRoundNotice)
    assert {model.KIND for model in models} == set(WINDOW_KINDS)
    for model in models:
        ids = [n.pk for n in notices if n.kind == model.KIND]
        if ids:
            with_window.update(model.objects.in_bulk(ids))
    return [with_window.get(n.pk, n) for n in notices]


def next_window_edge(at):
    """The next moment after `at` at which a live application window or evaluation round's window for
    materials opens or closes, or None. (公示 periods are whole China days: midnight covers them.) The
    edges are kept per process until a change (`home.cache.memo`): a notice saved draws a new generation."""
    edges = memo(("window-edges",), _window_edges)
    index = bisect.bisect_right(edges, at)
    return edges[index] if index < len(edges) else None


def _window_edges() -> list:
    edges = set()
    for model in (ApplicationNotice, EvaluationRoundNotice):
        for opens, closes in model.objects.live().values_list("window_opens_at", "window_closes_at"):
            edges.update(edge for edge in (opens, closes) if edge is not None)
    return sorted(edges)
