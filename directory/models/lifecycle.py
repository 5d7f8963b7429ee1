"""The records of a center's lifecycle (Art. 15–17): revocations (the source of re-application bans),
revocation proposals awaiting staff confirmation, and reorganisation tasks for management units. The
rules that create and read them live in `directory.lifecycle`. Change reports (Art. 17) are public
submissions and live in `submissions`.
"""

import datetime as dt

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.fields import CreditCodeField
from directory.models.taxonomies import Area, RevocationCause
from directory.rules import ban_first_free_day


def private_storage():
    """Referenced by migration 0002 (the change-report documents that moved to `submissions`)."""
    return storages["private"]


class Revocation(models.Model):
    """A center's revocation (撤销, Art. 15) as the record re-application bans are computed from (Art. 16).

    Created when a revocation notice is published (through `directory.services.center_mark_revoked`), or
    entered by staff for a revocation made before this site existed. The lead unit's name and credit code
    are snapshots taken on the revocation date: the ban binds that unit even if the center page later
    changes or is deleted. `ban_ends_on` is computed by `directory.rules.ban_first_free_day`."""

    center = models.ForeignKey(
        "directory.CenterPage",
        verbose_name=_("center"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    center_name = models.CharField(_("center name"), max_length=200)
    lead_unit_name = models.CharField(_("lead unit"), max_length=200)
    credit_code = CreditCodeField(_("lead unit's unified social credit code"))
    cause = models.CharField(_("cause"), max_length=30, choices=RevocationCause.choices)
    revoked_on = models.DateField(_("revoked on"))
    ban_ends_on = models.DateField(
        _("may apply again from"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Art. 16: the first day the lead unit may be recommended again; empty when no ban applies."),
    )
    notice = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("revocation notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    evidence = models.TextField(_("evidence"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")
        ordering = ["-revoked_on", "-pk"]
        indexes = [models.Index(fields=["credit_code", "ban_ends_on"], name="revocation_ban_lookup")]

    def __str__(self):
        return f"{self.center_name} ({self.revoked_on})"

    @property
    def last_banned_on(self):
        return self.ban_ends_on - dt.timedelta(days=1) if self.ban_ends_on else None

    def save(self, *args, **kwargs):
        self.ban_ends_on = ban_first_free_day(cause=self.cause, revoked_on=self.revoked_on)
        super().save(*args, **kwargs)


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("awaiting confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    DISMISSED = "dismissed", pgettext_lazy("revocation proposal", "dismissed")


class RevocationProposal(models.Model):
    """A proposal to revoke or delist a center, awaiting staff confirmation.

    Proposed by the rules when a center fails twice in a row or fails again after reorganisation
    (Art. 15 (1), Art. 17), or entered by staff with evidence for causes (2)–(4) (Art. 15). Confirming it
    drafts a revocation notice; publishing that notice is what revokes the center."""

    center = models.ForeignKey(
        "directory.CenterPage", verbose_name=_("center"), on_delete=models.CASCADE, related_name="+"
    )
    cause = models.CharField(_("cause"), max_length=30, choices=RevocationCause.choices)
    rating_year = models.PositiveSmallIntegerField(
        _("year of the failing evaluation"), null=True, blank=True, help_text=_("For cause (1) only.")
    )
    evidence = models.TextField(_("grounds and evidence"))
    evidence_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("evidence document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.PROPOSED, db_index=True
    )
    proposed_on = models.DateField(_("proposed on"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    notice = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("revocation notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("revocation proposal")
        verbose_name_plural = _("revocation proposals")
        ordering = ["-proposed_on", "-pk"]
        permissions = [("decide_revocationproposal", "Can confirm or dismiss revocation proposals")]
        constraints = [
            models.UniqueConstraint(
                fields=["center"], condition=models.Q(state="proposed"), name="one_open_proposal_per_center"
            )
        ]

    def __str__(self):
        return f"{self.center.title}: {self.get_cause_display()}"


class ReorganisationTask(models.Model):
    """Art. 17: after a fail rating the center's management unit reorganises it (重组) and files the
    reorganisation with the province. One task per center per failing year; routed by area (regional
    centers, to the city bureau) or by the recommending unit (industry centers)."""

    center = models.ForeignKey(
        "directory.CenterPage", verbose_name=_("center"), on_delete=models.CASCADE, related_name="+"
    )
    rating_year = models.PositiveSmallIntegerField(_("year of the fail rating"))
    management_unit = models.CharField(_("management unit"), max_length=200)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    created_on = models.DateField(_("created on"))
    filed_on = models.DateField(_("reorganisation filed on"), null=True, blank=True, db_index=True)
    filing_note = models.TextField(_("what was reorganised"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed = models.BooleanField(
        _("closed"), default=False, help_text=_("Set when a later rating or a revocation settles the reorganisation.")
    )

    class Meta:
        verbose_name = _("reorganisation task")
        verbose_name_plural = _("reorganisation tasks")
        ordering = ["-rating_year", "-pk"]
        permissions = [("file_reorganisationtask", "Can file reorganisations for their area")]
        constraints = [
            models.UniqueConstraint(fields=["center", "rating_year"], name="one_reorganisation_per_center_year")
        ]

    def __str__(self):
        return f"{self.center.title} ({self.rating_year})"


__all__ = [
    "ProposalState",
    "ReorganisationTask",
    "Revocation",
    "RevocationProposal",
]
