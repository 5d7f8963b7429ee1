"""A subscription stores only the email address, the choices and its confirmation; the send log stores a
keyed hash of the address (never the address) and what was sent, unique per (address, thing)."""

import hashlib
import hmac
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    """The kinds of notice one can follow (policy documents are not alerted)."""

    APPLICATION = "application", _("application notices")
    PUBLICITY = "publicity", _("publicity (公示) lists")
    EVALUATION = "evaluation", _("evaluation bulletins")
    REVOCATION = "revocation", _("revocation notices")


class AlertFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("as soon as a notice is published")
    DAILY = "daily", _("once a day, a digest of the day's notices")


class Subscription(models.Model):
    """Someone following kinds of notice, areas and industries by email. An empty choice means all.
    Nothing is sent until `confirmed_at` is set (double opt-in); unsubscribing deletes the row."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email"), unique=True)
    kinds = models.JSONField(_("kinds of notice"), default=list, blank=True)
    areas = models.JSONField(_("areas"), default=list, blank=True, help_text="Area slugs.")
    industries = models.JSONField(_("industries"), default=list, blank=True, help_text="Industry slugs.")
    frequency = models.CharField(
        _("how often"), max_length=20, choices=AlertFrequency.choices, default=AlertFrequency.IMMEDIATE
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("email subscription")
        verbose_name_plural = _("email subscriptions")

    def __str__(self):
        return str(self.public_id)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


def address_hash(email: str) -> str:
    """A keyed hash of an address (case-insensitive): the send log and opt-outs keep this, not the address."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


class DeliveryState(models.TextChoices):
    CLAIMED = "claimed", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class AlertDelivery(models.Model):
    """One message to one address about one thing ("notice:12", "digest:2026-05-01", "publicity-open:12",
    "closing-7:34"), or an address's opt-out from reminders ("opt-out"). A row is claimed before sending,
    so two runs never send the same thing to the same address."""

    address_hash = models.CharField(max_length=64)
    thing = models.CharField(max_length=100)
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.CLAIMED)
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert sent")
        verbose_name_plural = _("alerts sent")
        constraints = [
            models.UniqueConstraint(fields=["address_hash", "thing"], name="one_alert_per_address_and_thing")
        ]
        indexes = [models.Index(fields=["thing"])]

    def __str__(self):
        return f"{self.thing} ({self.state})"
