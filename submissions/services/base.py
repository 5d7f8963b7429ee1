"""What every service returns or raises: the receipt shown once, a closed window, a form sent twice."""

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import IntegrityError

from notices import windows
from submissions.models import SubmissionBase


class WindowClosed(Exception):
    """The notice's window is not open at the time of submission: nothing is stored."""

    def __init__(self, state: windows.WindowState | None):
        self.state = state
        super().__init__(str(state))


class AlreadyReceived(Exception):
    """The form (its one-time token) has been sent before: `submission` is what the first POST stored.
    Nothing new is stored; the view shows the first receipt."""

    def __init__(self, submission: SubmissionBase):
        self.submission = submission
        super().__init__(str(submission))


def ensure_form_not_sent(model, form_token: str | None) -> None:
    """One form, one receipt: raise AlreadyReceived when a submission of `model` carries this token."""
    if form_token and (existing := model.objects.filter(form_token=form_token).first()) is not None:
        raise AlreadyReceived(existing)


@contextmanager
def one_submission_per_form(model, form_token: str | None):
    """Around the write: when two POSTs of one form race, the database's unique token refuses the
    second, which becomes AlreadyReceived (its transaction, receipt number and files rolled back)."""
    try:
        yield
    except IntegrityError:
        ensure_form_not_sent(model, form_token)
        raise


@dataclass(frozen=True)
class Receipt:
    """What the submitter is shown once: the receipt number and the access code in clear."""

    submission: SubmissionBase
    receipt_number: str
    access_code: str
