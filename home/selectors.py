"""Read queries for the home page panels. Each panel asks the app that owns the data."""

from django.utils import timezone


def home_page_panels(*, locale) -> dict:
    """Open application windows and 公示 periods, the latest notices, the next events."""
    from directory.selectors import upcoming_events
    from notices.selectors import latest_notices, open_windows

    now = timezone.now()
    return {
        "open_windows": open_windows(locale=locale, at=now),
        "latest_notices": latest_notices(locale=locale, limit=6),
        "upcoming_events": upcoming_events(locale=locale, at=now, limit=4),
    }
