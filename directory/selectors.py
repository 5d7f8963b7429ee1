"""Read queries about centers and events that more than one caller needs."""

from django.db.models import Min, Q
from django.utils import timezone
from wagtail.models import Locale

from directory.models import CenterKind, CenterManager, CenterPage, EventOrganiser, EventPage
from directory.rules import PLACE_HOLDING_STATUSES, REGISTRATION_MINUTE, place_of, places_held
from home.cache import memo


def upcoming_events(*, locale, at=None, limit: int = 4):
    """The next events that have not ended, soonest first (the same rule as the events list)."""
    at = at or timezone.now()
    return list(EventPage.objects.live().filter(locale=locale).upcoming(at=at).select_related("area")[:limit])


def center_source_version(center: CenterPage) -> CenterPage:
    """The version of `center` in the language it was written in (the oldest of its translations).
    Lifecycle records and change reports point at it, so a center has one task list whichever
    language version a bulletin or a reporter named."""
    source = CenterPage.objects.filter(translation_key=center.translation_key).select_related("area").order_by("pk")
    return source.first() or center


def next_event_change(at):
    """The next moment after `at` at which a live event starts, ends or closes its registration, or None."""
    edges = EventPage.objects.live().aggregate(
        starts=Min("starts_at", filter=Q(starts_at__gt=at)),
        ends=Min("ends_at", filter=Q(ends_at__gt=at)),
        registration=Min("registration_deadline", filter=Q(registration_deadline__gt=at - REGISTRATION_MINUTE)),
    )
    if edges["registration"] is not None:  # registration closes at the end of the deadline's minute
        edges["registration"] += REGISTRATION_MINUTE
    found = [edge for edge in edges.values() if edge is not None]
    return min(found) if found else None


def existing_center_for(*, kind: str, area, industry) -> CenterPage | None:
    """The live center, first in tree order, that already holds the place a new center of `kind` in `area`
    or for `industry` would take (Art. 9, `directory.rules.places_held`), or None. The query narrows to
    centers of the kind in the default language; the rule decides."""
    place = place_of(kind=kind, area=area, industry=industry)
    if place is None:
        return None
    centers = CenterPage.objects.live().filter(
        kind=kind, status__in=PLACE_HOLDING_STATUSES, locale=Locale.get_default()
    )
    if kind == CenterKind.REGIONAL:
        centers = centers.filter(area__translation_key=area.translation_key)
    else:
        centers = centers.filter(industry_links__industry__translation_key=industry.translation_key).distinct()
    centers = centers.select_related("area").prefetch_related("industry_links__industry").order_by("path")
    return next((center for center in centers if place in places_held(center)), None)


def events_visible_to(user, *, sees_every_event: bool):
    """The events (default language) whose registrations `user` may see: every event for the province
    (`sees_every_event`, decided by the caller from the user's role), otherwise the events organised by a
    center the user runs (`CenterManager`), whichever language version the organiser link points at. A
    subquery, not a join, so counts annotated on the result are not multiplied by organisers."""
    events = EventPage.objects.filter(locale=Locale.get_default())
    if sees_every_event:
        return events
    centers = CenterManager.objects.filter(user=user).values("center__translation_key")
    organised = EventOrganiser.objects.filter(center__translation_key__in=centers).values("event__translation_key")
    return events.filter(translation_key__in=organised)


def taxonomy_choices(model, locale) -> list[tuple[str, str]]:
    """(slug, name) of a taxonomy in `locale`, in the editors' order."""
    return memo(
        ("taxonomy-choices", model._meta.label, locale.pk),
        lambda: list(model.objects.filter(locale=locale).values_list("slug", "name")),
    )
