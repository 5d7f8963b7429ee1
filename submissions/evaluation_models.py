"""Evaluation materials (Art. 12–14): what a center submits in a yearly evaluation round, with the
initial evaluation by its management unit and the province's re-check. Part of `submissions.models`
(imported there), split off to keep that module readable."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.fields import CreditCodeField
from directory.models import Rating
from submissions.models import SubmissionBase
from submissions.states import EvaluationState


class EvaluationSubmission(SubmissionBase):
    """A center's evaluation materials for one round (Art. 12–13), submitted from the center's page.
    `management_unit` is the center's management unit when it submitted (Art. 11), which decides who
    makes the initial evaluation. The proposed grade (初评) and the confirmed grade (复核) stay in the
    desk until an evaluation bulletin is published (Art. 14)."""

    notice = models.ForeignKey(
        "notices.EvaluationRoundNotice",
        verbose_name=_("evaluation round"),
        on_delete=models.PROTECT,
        related_name="evaluation_submissions",
    )
    center = models.ForeignKey(
        "directory.CenterPage", verbose_name=_("center"), on_delete=models.CASCADE, related_name="+"
    )
    management_unit = models.CharField(_("management unit"), max_length=200, db_index=True)
    lead_unit_credit_code = CreditCodeField(_("lead unit's unified social credit code"))
    work_summary = models.TextField(_("summary of the year's work"))
    state = models.CharField(
        _("state"), max_length=30, choices=EvaluationState.choices, default=EvaluationState.SUBMITTED, db_index=True
    )
    proposed_grade = models.CharField(_("proposed grade (初评)"), max_length=20, choices=Rating.choices, blank=True)
    initial_note = models.TextField(_("note on the initial evaluation"), blank=True)
    initially_evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    initially_evaluated_at = models.DateTimeField(_("initially evaluated at"), null=True, blank=True)
    final_grade = models.CharField(_("confirmed grade (复核)"), max_length=20, choices=Rating.choices, blank=True)
    recheck_reason = models.TextField(_("reason given on re-check"), blank=True)
    rechecked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rechecked_at = models.DateTimeField(_("re-checked at"), null=True, blank=True)
    assigned_experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned experts"), blank=True, related_name="assigned_evaluations"
    )

    class Meta:
        verbose_name = _("evaluation materials")
        verbose_name_plural = _("evaluation materials")
        ordering = ["-submitted_at"]
        constraints = [
            # Art. 12: one evaluation per center per year; materials returned for completion may be sent
            # again, and drafts are free.
            models.UniqueConstraint(
                fields=["notice", "center"],
                condition=~models.Q(state__in=["returned", "draft"]),
                name="one_evaluation_per_center_per_round",
            )
        ]
