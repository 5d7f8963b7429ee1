"""Receipt numbers and access codes for everything the public submits."""

import datetime as dt

from django.core import signing
from django.db import transaction
from django.db.models import F

from notices import windows
from submissions import access_codes
from submissions.models import Application, ReceiptCounter
from submissions.states import ApplicationState

ACCESS_CODE_ALPHABET = access_codes.ALPHABET


def issue_receipt_number(*, kind: str, year: int) -> str:
    """The next receipt number for `kind` (SB, YY, BG) in `year`, e.g. SB-2025-000045: unique, sequential
    per kind and year, and never reused — the counter row is locked for the rest of the caller's
    transaction, so concurrent submissions wait for each other instead of sharing a number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("issue_receipt_number must run inside the submission's transaction")
    counter = ReceiptCounter.objects.filter(kind=kind, year=year)
    # The UPDATE increments and locks the row in one statement (the lock is held while the caller's
    # transaction commits, so callers take their number as late as they can); the year's first number
    # creates the row (two first numbers racing: the database's unique constraint lets one create it).
    if not counter.update(last_number=F("last_number") + 1):
        ReceiptCounter.objects.get_or_create(kind=kind, year=year)
        counter.update(last_number=F("last_number") + 1)
    return f"{kind}-{year}-{counter.values_list('last_number', flat=True).get():06d}"


def give_receipt_number(submission, *, kind: str, at) -> None:
    """Number a saved submission (objection, application, evaluation materials) as the last step of its
    transaction, in the China year of `at`: the counter row stays locked from here to the commit, so
    submissions sent together (a deadline, a 公示's last hours) wait for each other only over this step,
    not while each one's files are written."""
    submission.receipt_number = issue_receipt_number(kind=kind, year=windows.china_today(at).year)
    submission.save(update_fields=["receipt_number"])


def new_access_code() -> tuple[str, str]:
    """A fresh access code and its keyed hash: the code is shown once to the submitter (and emailed),
    only the hash is kept (`submissions.access_codes`)."""
    code = access_codes.new_code()
    return code, access_codes.make_hash(code)


# --- Private links to drafts ------------------------------------------------------------------------

DRAFT_TOKEN_SALT = "submissions.draft"


def draft_token(application) -> str:
    """A signed, unguessable token naming a draft application; the private link carries it."""
    return signing.dumps(str(application.public_id), salt=DRAFT_TOKEN_SALT, compress=True)


def draft_from_token(token: str, *, max_age: dt.timedelta | None = None):
    """The draft application the token names, or None for a forged, expired or unknown token."""
    try:
        public_id = signing.loads(token, salt=DRAFT_TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return (
        Application.objects.filter(public_id=public_id, state=ApplicationState.DRAFT)
        .select_related("notice", "area", "target_industry")
        .prefetch_related("members", "attachments")
        .first()
    )
