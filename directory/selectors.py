"""Read queries about centers and events that more than one caller needs."""

from django.utils import timezone

from directory.models import EventPage


def upcoming_events(*, locale, at=None, limit: int = 4):
    """The next events that have not ended, soonest first (the same rule as the events list)."""
    at = at or timezone.now()
    return list(EventPage.objects.live().filter(locale=locale).upcoming(at=at).select_related("area")[:limit])
