"""Event registrations (Art. 18): an event open for online registration, a complete form, a stored row."""

import datetime as dt

from django.utils import timezone

from directory.models import EventPage
from submissions import access_codes
from submissions.models import EventRegistration, RegistrationState

from .directory import event, events_page
from .pages import serial


def registration_event(
    home, title="稀土产业链数字化转型供需对接会", *, capacity=20, starts_at=None, deadline=None, **fields
) -> EventPage:
    """A live event under home's events page taking online registrations: a week from now unless told,
    registration until a day before it starts."""
    starts_at = starts_at or timezone.now() + dt.timedelta(days=7)
    fields.setdefault("slug", f"register-{serial()}")
    fields.setdefault("online_registration", True)
    return event(
        events_page(home),
        title,
        starts_at=starts_at,
        capacity=capacity,
        registration_deadline=deadline or starts_at - dt.timedelta(days=1),
        **fields,
    )


def registration_data(**overrides) -> dict:
    """A complete registration form."""
    data = {
        "contact_name": "李明",
        "unit": "赣州稀土新材料有限公司",
        "phone": "13912345678",
        "email": "liming@example.com",
        "attendees": 1,
    }
    data.update(overrides)
    return data


def registration(event, *, state=RegistrationState.CONFIRMED, attendees=1, **fields) -> EventRegistration:
    """A stored registration (no email, no capacity check): for counts, exports and commands."""
    n = serial()
    defaults = {
        "contact_name": f"报名人{n}",
        "unit": f"测试单位{n}",
        "phone": "13912345678",
        "email": f"r{n}@example.com",
        "receipt_number": f"BM-2000-{n:06d}",  # a year the counter never issues in tests
        "access_code_hash": access_codes.make_hash("DEMO2345"),
        "submitted_at": timezone.now(),
    }
    defaults.update(fields)
    return EventRegistration.objects.create(event=event, state=state, attendees=attendees, **defaults)
