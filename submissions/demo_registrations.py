"""Demo registrations for the demo event that takes online registrations (directory's demo data marks
it): a few units registered, one cancelled, so the event page shows places left and the admin's
"Event registrations" screen has rows to count, export and message. Safe to run again: registrations
are found by (event, email)."""

from django.utils import timezone

from directory.models import EventPage
from notices import windows
from submissions.access_codes import make_hash
from submissions.demo import DEMO_ACCESS_CODE
from submissions.models import EventRegistration, ReceiptKind, RegistrationState
from submissions.receipts import issue_receipt_number

DEMO_EVENT_SLUG = "ganzhou-diagnosis-day"

# (name, unit, phone, email, attendees, state)
REGISTRATIONS = [
    ("黄磊", "赣州虔东稀土材料有限公司", "13907971234", "huanglei@example.org", 2, RegistrationState.CONFIRMED),
    ("钟敏", "南康区家具产业协会", "0797-6612345", "zhongmin@example.org", 3, RegistrationState.CONFIRMED),
    ("刘芳", "赣州智造信息技术有限公司", "13607975678", "liufang@example.org", 1, RegistrationState.CONFIRMED),
    ("邱杰", "瑞金红都电子科技有限公司", "13879712345", "qiujie@example.org", 1, RegistrationState.CANCELLED),
]


def load_registrations(context: dict) -> str:
    events_page = context.get("events_page")
    event = EventPage.objects.child_of(events_page).filter(slug=DEMO_EVENT_SLUG).first() if events_page else None
    if event is None:
        return ""
    now = timezone.now()
    for name, unit, phone, email, attendees, state in REGISTRATIONS:
        if EventRegistration.objects.filter(event=event, email=email).exists():
            continue
        EventRegistration.objects.create(
            event=event,
            contact_name=name,
            unit=unit,
            phone=phone,
            email=email,
            attendees=attendees,
            state=state,
            cancelled_at=now if state == RegistrationState.CANCELLED else None,
            submitted_at=now,
            access_code_hash=make_hash(DEMO_ACCESS_CODE),
            receipt_number=issue_receipt_number(kind=ReceiptKind.REGISTRATION, year=windows.china_today(now).year),
        )
    count = EventRegistration.objects.filter(event=event).count()
    return f"{count} registrations for the demo event {event.url}register/ (online registration open)"
