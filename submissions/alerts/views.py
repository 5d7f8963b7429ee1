"""The public pages of email alerts at /subscribe/ (and /en/subscribe/): subscribe, confirm, change
choices, unsubscribe. Links carry signed tokens (`tokens`); a forged or altered one gets a 404 page that
says the link is not valid. Unsubscribing follows RFC 8058: a POST to the link (as mail programs send with
"List-Unsubscribe=One-Click") unsubscribes at once; a GET shows a button that sends that POST."""

import uuid

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from home.views import rate_limited
from submissions.alerts import services, tokens
from submissions.alerts.forms import ChoicesForm, SubscribeForm, initial_from_query
from submissions.alerts.models import Subscription, address_hash


def _rate(setting_name):
    return lambda group, request: getattr(settings, setting_name)


def _language() -> str:
    return services.language_or_default(translation.get_language() or settings.LANGUAGE_CODE)


def _page(request, *, heading, message, status=200, **extra):
    return render(
        request, "submissions/alerts/message.html", {"heading": heading, "message": message, **extra}, status=status
    )


def _invalid_link(request):
    return _page(
        request,
        heading=_("This link is not valid"),
        message=_(
            "The link is incomplete, has been changed, has expired or belongs to a subscription that no longer "
            "exists. Copy the whole link from the email, or subscribe again."
        ),
        status=404,
        subscribe_again=True,
    )


def _subscription(public_id: str | None):
    if not public_id:
        return None
    try:
        return Subscription.objects.filter(public_id=uuid.UUID(public_id)).first()
    except ValueError:
        return None


@never_cache
@ratelimit(key="ip", rate=_rate("SUBMISSION_RATE"), method="POST", block=False)
def subscribe(request):
    """Choose kinds of notice, areas, industries and how often; a confirmation link is emailed."""
    if request.method == "POST":
        if getattr(request, "limited", False):
            return rate_limited(request)
        form = SubscribeForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if is_ratelimited(
                request,
                group="alerts-confirmation",
                key=lambda group, request: address_hash(email),
                rate=_rate("ALERT_CONFIRMATION_RATE"),
                increment=True,
            ):
                form.add_error(
                    "email",
                    _(
                        "Too many confirmation emails have been sent to this address. Please wait an hour and try again."
                    ),
                )
            else:
                services.subscription_request(email=email, choices=form.choices(), language=_language())
                return HttpResponseRedirect(reverse("alerts:sent"))
    else:
        form = SubscribeForm(initial=initial_from_query(request.GET))
    return render(request, "submissions/alerts/subscribe.html", {"form": form})


def sent(request):
    return _page(
        request,
        heading=_("Check your email"),
        message=_(
            "We have sent a message to the address you gave. Follow the link in it to confirm; nothing is sent "
            "until you do. If it has not arrived in a few minutes, look in your spam folder."
        ),
    )


@never_cache
def confirm(request, token: str):
    """GET shows a button (a link checker opening the mail must not subscribe anyone); POST confirms."""
    subscription = _subscription(tokens.subscription_id_from_confirm(token))
    if subscription is None:
        return _invalid_link(request)
    if request.method == "POST":
        services.subscription_confirm(subscription)
        return _page(
            request,
            heading=_("Subscription confirmed"),
            message=_(
                "You will receive the notices you chose, from now on. Every message has a link to change what "
                "you receive and to unsubscribe."
            ),
            manage_url=reverse("alerts:manage", args=[tokens.manage_token(subscription)]),
        )
    return render(request, "submissions/alerts/confirm.html", {"subscription": subscription})


@never_cache
def manage(request, token: str):
    """Change the choices of a subscription from the private link in every message."""
    subscription = _subscription(tokens.subscription_id_from_manage(token))
    if subscription is None:
        return _invalid_link(request)
    saved = False
    if request.method == "POST":
        form = ChoicesForm(request.POST)
        if form.is_valid():
            services.subscription_update(subscription, choices=form.choices(), language=_language())
            saved = True
    else:
        form = ChoicesForm(
            initial={
                "kinds": subscription.kinds,
                "areas": subscription.areas,
                "industries": subscription.industries,
                "frequency": subscription.frequency,
            }
        )
    return render(
        request,
        "submissions/alerts/manage.html",
        {
            "form": form,
            "saved": saved,
            "confirmed": subscription.is_confirmed,
            "unsubscribe_url": reverse(
                "alerts:unsubscribe",
                args=[
                    tokens.unsubscribe_token(address_hash=address_hash(subscription.email), subscription=subscription)
                ],
            ),
        },
    )


@never_cache
@csrf_exempt  # RFC 8058: mail programs POST to the link without a form of ours; the signed token is the proof
def unsubscribe(request, token: str):
    payload = tokens.unsubscribe_payload(token)
    if payload is None:
        return _invalid_link(request)
    if request.method == "POST":
        services.unsubscribe(payload)
        return _page(
            request,
            heading=_("You are unsubscribed"),
            message=_("We will send no more alerts or reminders to this address. Your address has been deleted."),
            subscribe_again=True,
        )
    return render(request, "submissions/alerts/unsubscribe.html", {})
