"""Public views of event registrations: the form at an event page + `register/` (through the Wagtail
hook "event_registration_form"), its one-time receipt, and the signed cancel link. Thin: the form checks
the shape, `submissions.services` decides and saves."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit
from wagtail.models import Locale

from directory.rules import accepts_online_registration, registration_closes_at
from home.views import rate_limited
from submissions import selectors, services
from submissions.models import RegistrationState
from submissions.registrations.forms import RegistrationForm
from submissions.services import AlreadyReceived, RegistrationClosed
from submissions.views import _language, _rate

SESSION_REGISTRATION_RECEIPT = "submissions.registration_receipt"


def _event_context(event, **extra) -> dict:
    return {
        "page": event,
        "event": event,
        "closes_at": registration_closes_at(event),
        "retention_days": settings.EVENT_REGISTRATION_RETENTION_DAYS,
        **extra,
    }


def _closed(request, event):
    """Registration is not open: why, and nothing stored. A POST gets 403."""
    refused = request.method == "POST"
    context = _event_context(event, refused=refused, online=event.online_registration)
    return render(request, "submissions/registrations/closed.html", context, status=403 if refused else 200)


@never_cache
@ratelimit(key="ip", rate=_rate("SUBMISSION_RATE"), method="POST", block=False)
def registration_form(request, event):
    """Art. 18: register for a matchmaking event while online registration is open (refused on the
    server after the deadline). After a registration is stored the visitor is redirected back to the
    same address, which shows the receipt, the access code and the cancel link once."""
    receipt = request.session.pop(SESSION_REGISTRATION_RECEIPT, None)
    if request.method == "GET" and receipt and receipt.get("event") == event.translation_key.hex:
        return render(request, "submissions/registrations/received.html", _event_context(event, receipt=receipt))
    rules_event = services.canonical_event(event)
    at = timezone.now()
    try:
        services.ensure_registration_open(rules_event, at=at)
    except RegistrationClosed:
        return _closed(request, event)
    if request.method == "POST":
        if getattr(request, "limited", False):
            return rate_limited(request)
        form = RegistrationForm(request.POST)
        if form.is_valid():
            try:
                result = services.registration_create(
                    event=rules_event,
                    data=form.cleaned_data,
                    at=at,
                    language=_language(),
                    form_token=form.cleaned_data["form_token"],
                )
                registration, access_code = result.submission, result.access_code
            except RegistrationClosed:
                return _closed(request, event)
            except AlreadyReceived as first:  # one form, one receipt: show the first one
                registration, access_code = first.submission, ""
                if (receipt or {}).get("receipt_number") == registration.receipt_number:
                    access_code = receipt["access_code"]
            token = services.registration_cancel_token(registration)
            request.session[SESSION_REGISTRATION_RECEIPT] = {
                "event": event.translation_key.hex,
                "receipt_number": registration.receipt_number,
                "access_code": access_code,
                "confirmed": registration.state == RegistrationState.CONFIRMED,
                "attendees": registration.attendees,
                "email": registration.email,
                "cancel_path": reverse("submissions:registration_cancel", args=[token]),
            }
            return HttpResponseRedirect(request.path)
    else:
        form = RegistrationForm()
    figures = selectors.registration_figures(event)
    return render(request, "submissions/registrations/form.html", _event_context(event, form=form, figures=figures))


@never_cache
@ratelimit(key="ip", rate=_rate("SUBMISSION_RATE"), method="POST", block=False)
def registration_cancel(request, token: str):
    """The cancel link from the confirmation email: a GET asks to confirm (mail scanners follow links),
    a POST cancels. A forged or altered link is refused with 404 and changes nothing."""
    registration = services.registration_from_cancel_token(token)
    if registration is None:
        return render(request, "submissions/registrations/cancel_invalid.html", status=404)
    event = registration.event.get_translation_or_none(Locale.get_active()) or registration.event
    context = _event_context(event, registration=registration)
    if request.method == "POST":
        if getattr(request, "limited", False):
            return rate_limited(request)
        try:
            services.registration_cancel(registration=registration, at=timezone.now())
        except services.CancelRefused:
            return render(request, "submissions/registrations/cancel.html", {**context, "too_late": True}, status=403)
        return render(request, "submissions/registrations/cancel.html", {**context, "cancelled_now": True})
    return render(request, "submissions/registrations/cancel.html", context)


def event_registration_panel(request, event):
    """What an event page shows from registrations (through the Wagtail hook "event_page_panels"): the
    places left and the link to the form while online registration is open; nothing when the event takes
    no online registrations. One query."""
    if not event.online_registration:
        return None
    context = {
        "figures": selectors.registration_figures(event),
        "open": accepts_online_registration(event, at=timezone.now()),
        "closes_at": registration_closes_at(event),
    }
    return "submissions/registrations/event_panel.html", context
