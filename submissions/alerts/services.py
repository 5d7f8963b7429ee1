"""Subscribing, confirming, changing choices and unsubscribing. Mail about the subscription itself is sent
once the transaction commits (`submissions.tasks.send_email`)."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from submissions import tasks
from submissions.alerts import tokens
from submissions.alerts.models import AlertDelivery, DeliveryState, Subscription, address_hash
from submissions.alerts.sending import OPT_OUT, link


def _mail(*, to: str, subject: str, body: str) -> None:
    transaction.on_commit(lambda: tasks.send_email.enqueue(to=[to], subject=subject, body=body))


def subscription_request(*, email: str, choices: dict, language: str) -> Subscription:
    """Double opt-in: a new address (or one never confirmed) is stored unconfirmed with its choices and
    sent a confirmation link; nothing else is sent until it is followed. An address already confirmed
    keeps its choices and is sent its private link to change them, so nobody can change another's."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(email=email).first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(email=email, language=language, **choices)
            except IntegrityError:  # the same address sent twice at once
                subscription = Subscription.objects.get(email=email)
        elif not subscription.is_confirmed:
            for name, value in choices.items():
                setattr(subscription, name, value)
            subscription.language = language
            subscription.save()
        with translation.override(subscription.language):
            if subscription.is_confirmed:
                subject = _("You are already subscribed")
                body = render_to_string(
                    "submissions/alerts/email/already.txt",
                    {"manage_url": link("alerts:manage", tokens.manage_token(subscription))},
                )
            else:
                subject = _("Confirm your subscription to notices")
                body = render_to_string(
                    "submissions/alerts/email/confirm.txt",
                    {"confirm_url": link("alerts:confirm", tokens.confirm_token(subscription))},
                )
        _mail(to=subscription.email, subject=subject, body=body)
    return subscription


def subscription_confirm(subscription: Subscription) -> Subscription:
    """The address is confirmed: alerts start with notices published from now on. A previous opt-out
    from reminders is lifted."""
    if not subscription.is_confirmed:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
        AlertDelivery.objects.filter(address_hash=address_hash(subscription.email), thing=OPT_OUT).delete()
    return subscription


def subscription_update(subscription: Subscription, *, choices: dict, language: str) -> Subscription:
    for name, value in choices.items():
        setattr(subscription, name, value)
    subscription.language = language
    subscription.save()
    return subscription


def unsubscribe(payload: dict) -> None:
    """The subscription named by a valid unsubscribe link is deleted (nothing of it is kept), and the
    address is opted out of deadline reminders about its drafts."""
    if payload.get("s"):
        Subscription.objects.filter(public_id=payload["s"]).delete()
    AlertDelivery.objects.bulk_create(
        [AlertDelivery(address_hash=payload["a"], thing=OPT_OUT, state=DeliveryState.SENT)], ignore_conflicts=True
    )


def language_or_default(code: str) -> str:
    return code if code in {c for c, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE
