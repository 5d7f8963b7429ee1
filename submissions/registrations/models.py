"""Registrations for matchmaking events (Art. 18): a public submission on `SubmissionBase`, imported by
`submissions.models`. Written only by `submissions.services.registrations`."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models import SubmissionBase

MAX_ATTENDEES = 10


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class EventRegistration(SubmissionBase):
    """A unit's registration for a matchmaking event: who (name, unit, phone, email), how many attendees,
    and whether they have a place, wait for one (in the order registrations arrived) or cancelled.
    Always stored against the event in the site's default language, so both language versions of a page
    share one capacity. The personal data is erased a set time after the event
    (`EVENT_REGISTRATION_RETENTION_DAYS`); the row stays for the counts."""

    event = models.ForeignKey(
        "directory.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    unit = models.CharField(_("unit"), max_length=200)
    attendees = models.PositiveSmallIntegerField(
        _("number of attendees"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_ATTENDEES)]
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=RegistrationState.choices,
        default=RegistrationState.CONFIRMED,
        db_index=True,
    )
    promoted_at = models.DateTimeField(_("moved up from the waiting list at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["event", "state"], name="registration_event_state")]
        permissions = [("message_registrants", "Can send a message to an event's registrants")]
        constraints = [
            models.CheckConstraint(condition=models.Q(attendees__gte=1), name="registration_has_an_attendee")
        ]


class RegistrantMessage(models.Model):
    """A message the organiser sent from the admin to every confirmed registrant of an event: kept as
    the log of what was sent, by whom, when and to how many."""

    event = models.ForeignKey(
        "directory.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrant_messages"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    failures = models.PositiveIntegerField(_("addresses that failed"), default=0)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject
