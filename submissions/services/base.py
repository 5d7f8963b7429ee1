"""What every service returns or raises: the receipt shown once, and a closed window."""

from dataclasses import dataclass

from notices import windows
from submissions.models import SubmissionBase


class WindowClosed(Exception):
    """The notice's window is not open at the time of submission: nothing is stored."""

    def __init__(self, state: windows.WindowState | None):
        self.state = state
        super().__init__(str(state))


@dataclass(frozen=True)
class Receipt:
    """What the submitter is shown once: the receipt number and the access code in clear."""

    submission: SubmissionBase
    receipt_number: str
    access_code: str
