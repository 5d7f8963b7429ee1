"""Read queries about centers and events that more than one caller needs."""

from django.utils import timezone

from directory.models import EventPage


def upcoming_events(*, locale, at=None, limit: int = 4):
    """The next events that have not ended, soonest first."""
    at = at or timezone.now()
    return list(
        EventPage.objects.live()
        .filter(locale=locale, ends_at__gte=at)
        .select_related("area")
        .order_by("starts_at")[:limit]
    )
