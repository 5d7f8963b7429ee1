"""The kinds of public submission, in one list. Everything that works across kinds (the status lookup,
its details page) reads this registry; a new kind (event registrations, evaluation materials) is added
here once, with its model on `SubmissionBase`."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from submissions.models import (
    Application,
    ChangeReport,
    ChangeReportState,
    EvaluationSubmission,
    EventRegistration,
    Objection,
    ReceiptKind,
    RegistrationState,
    SubmissionBase,
)
from submissions.states import (
    FINAL_APPLICATION_STATES,
    FINAL_OBJECTION_STATES,
    ApplicationState,
    EvaluationState,
    ObjectionState,
)


@dataclass(frozen=True)
class SubmissionKind:
    """One kind of submission: its receipt prefix, model, how to load it for the status page, its
    states and which of them are final, whether the submitter sees their own files there, what it
    concerns (`subject`: the field naming the notice, center or event) and whether it keeps a history
    of steps and files (`has_history`)."""

    receipt_kind: ReceiptKind
    model: type[SubmissionBase]
    label: Promise
    states: type
    final_states: frozenset
    select_related: tuple[str, ...]
    shows_files: bool
    subject: str = "notice"
    has_history: bool = True

    def find(self, receipt_number: str):
        found = self.model.objects.filter(receipt_number=receipt_number).select_related(*self.select_related)
        if self.has_history:
            found = found.prefetch_related("history", "attachments")
        return found.first()


KINDS: list[SubmissionKind] = [
    SubmissionKind(
        ReceiptKind.APPLICATION,
        Application,
        _("Application"),
        ApplicationState,
        frozenset(FINAL_APPLICATION_STATES),
        ("notice",),
        shows_files=True,
    ),
    SubmissionKind(
        ReceiptKind.OBJECTION,
        Objection,
        _("Objection"),
        ObjectionState,
        frozenset(FINAL_OBJECTION_STATES),
        ("notice",),
        shows_files=True,
    ),
    # Art. 17: a change report's documents stay with staff.
    SubmissionKind(
        ReceiptKind.CHANGE_REPORT,
        ChangeReport,
        _("Change report"),
        ChangeReportState,
        frozenset({ChangeReportState.CONFIRMED, ChangeReportState.REJECTED}),
        ("center",),
        shows_files=False,
        subject="center",
    ),
    # Art. 18: a registration for a matchmaking event; its state is confirmed, waiting or cancelled.
    SubmissionKind(
        ReceiptKind.REGISTRATION,
        EventRegistration,
        _("Event registration"),
        RegistrationState,
        frozenset({RegistrationState.CANCELLED}),
        ("event",),
        shows_files=False,
        subject="event",
        has_history=False,
    ),
    # Art. 12–14: the center sees its state and any request for missing materials, never a grade.
    SubmissionKind(
        ReceiptKind.EVALUATION,
        EvaluationSubmission,
        _("Evaluation materials"),
        EvaluationState,
        frozenset({EvaluationState.RECHECKED}),
        ("notice", "center"),
        shows_files=True,
    ),
]


def kind_of(submission) -> SubmissionKind:
    """The registered kind of a submission row."""
    return next(kind for kind in KINDS if isinstance(submission, kind.model))
