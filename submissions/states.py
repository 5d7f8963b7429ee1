"""The states a submission moves through and the named actions between them: one explicit map.

Applications (Art. 7–10): received → preliminary review passed / not passed by the city bureau (Art. 8)
→ expert review by the province (Art. 9) → in publicity (Art. 10) → approved / not approved.
Objections (Art. 10): received → investigating → upheld / dismissed.
A draft application is not yet submitted and is invisible to staff.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    RECEIVED = "received", _("received")
    PRELIMINARY_PASSED = "preliminary_passed", _("passed preliminary review")
    PRELIMINARY_FAILED = "preliminary_failed", _("did not pass preliminary review")
    EXPERT_REVIEW = "expert_review", _("in expert review")
    IN_PUBLICITY = "in_publicity", _("in publicity")
    APPROVED = "approved", _("approved")
    NOT_APPROVED = "not_approved", _("not approved")


class ObjectionState(models.TextChoices):
    RECEIVED = "received", _("received")
    INVESTIGATING = "investigating", _("under investigation")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


class EvaluationState(models.TextChoices):
    """Evaluation materials (Art. 12–14): submitted by the center → initially evaluated by its
    management unit (Art. 13), or returned to the center for missing materials → re-checked by the
    province (Art. 13). A draft is the center's own, saved before submitting, invisible to staff. The grades themselves are never a state: the public status shows none of them."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for missing materials")
    INITIALLY_EVALUATED = "initially_evaluated", _("initially evaluated")
    RECHECKED = "rechecked", _("re-checked by the province")


@dataclass(frozen=True)
class Transition:
    """A named action that moves a submission from one state to another; `role` says who may take it."""

    name: str
    label: str
    source: str
    target: str
    role: str


APPLICATION_TRANSITIONS = (
    Transition(
        "pass_preliminary",
        _("Pass preliminary review"),
        ApplicationState.RECEIVED,
        ApplicationState.PRELIMINARY_PASSED,
        "city_reviewer",
    ),
    Transition(
        "fail_preliminary",
        _("Fail preliminary review"),
        ApplicationState.RECEIVED,
        ApplicationState.PRELIMINARY_FAILED,
        "city_reviewer",
    ),
    Transition(
        "start_expert_review",
        _("Send to expert review"),
        ApplicationState.PRELIMINARY_PASSED,
        ApplicationState.EXPERT_REVIEW,
        "provincial_editor",
    ),
    Transition(
        "propose_for_publicity",
        _("Propose for publicity"),
        ApplicationState.EXPERT_REVIEW,
        ApplicationState.IN_PUBLICITY,
        "provincial_editor",
    ),
    Transition(
        "reject_after_review",
        _("Not approved after expert review"),
        ApplicationState.EXPERT_REVIEW,
        ApplicationState.NOT_APPROVED,
        "provincial_editor",
    ),
    Transition(
        "approve",
        pgettext_lazy("application step", "Approve"),
        ApplicationState.IN_PUBLICITY,
        ApplicationState.APPROVED,
        "provincial_editor",
    ),
    Transition(
        "reject_after_publicity",
        _("Not approved after publicity"),
        ApplicationState.IN_PUBLICITY,
        ApplicationState.NOT_APPROVED,
        "provincial_editor",
    ),
)

OBJECTION_TRANSITIONS = (
    Transition(
        "investigate",
        _("Start investigating"),
        ObjectionState.RECEIVED,
        ObjectionState.INVESTIGATING,
        "objection_handler",
    ),
    Transition("uphold", _("Uphold"), ObjectionState.INVESTIGATING, ObjectionState.UPHELD, "objection_handler"),
    Transition("dismiss", _("Dismiss"), ObjectionState.INVESTIGATING, ObjectionState.DISMISSED, "objection_handler"),
)

FINAL_APPLICATION_STATES = {
    ApplicationState.PRELIMINARY_FAILED,
    ApplicationState.APPROVED,
    ApplicationState.NOT_APPROVED,
}
FINAL_OBJECTION_STATES = {ObjectionState.UPHELD, ObjectionState.DISMISSED}


def transitions_from(transitions: tuple[Transition, ...], state: str) -> list[Transition]:
    return [t for t in transitions if t.source == state]


def find_transition(transitions: tuple[Transition, ...], name: str) -> Transition | None:
    return next((t for t in transitions if t.name == name), None)
