"""Uploaded files for every kind of submission: checks (type judged by content, not by name; size and
count limits; safe names) and storage (`StoredFiles`, `saved_atomically`: written with the submission's
transaction and removed again if it fails).

Every upload is sniffed with `filetype`; the extension the sender chose is ignored except to be shown
back. A file is stored under a random name in the private storage; its original name is kept, cleaned,
for display only.
"""

import logging
import os
import unicodedata
import uuid
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from submissions.models import Attachment

logger = logging.getLogger(__name__)

MB = 1024 * 1024

# What each kind of attachment may be, as (extension reported by filetype, MIME type).
PDF = ("pdf", "application/pdf")
DOC = ("doc", "application/msword")
DOCX = ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
JPG = ("jpg", "image/jpeg")
PNG = ("png", "image/png")


@dataclass(frozen=True)
class FileRule:
    """What a file field accepts: the content types, shown to people as `label`, and the size limit."""

    types: tuple[tuple[str, str], ...]
    label: str
    max_bytes: int

    @property
    def accept(self) -> str:
        """For the input's `accept` attribute: a hint for the browser's picker, never trusted."""
        return ",".join(f".{ext}" for ext, _mime in self.types)


PDF_ONLY = FileRule((PDF,), "PDF", 20 * MB)
PDF_OR_WORD = FileRule((PDF, DOC, DOCX), "PDF, DOC, DOCX", 20 * MB)
EVIDENCE = FileRule((PDF, JPG, PNG), "PDF, JPG, PNG", 10 * MB)
MAX_EVIDENCE_FILES = 5
MAX_NAME_LENGTH = 120


def clean_file_name(name: str) -> str:
    """The part of `name` safe to show and to use as a download name: no folders (either slash), no
    control characters, no leading dots, at most MAX_NAME_LENGTH characters, extension kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in '<>:"|?*')
    name = name.strip().lstrip(".").strip()
    stem, ext = os.path.splitext(name)
    if len(name) > MAX_NAME_LENGTH:
        name = stem[: MAX_NAME_LENGTH - len(ext)] + ext
    return name or "file"


def sniff(upload: UploadedFile) -> tuple[str, str] | None:
    """(extension, MIME type) judged from the file's first bytes, or None when unrecognised."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    return kind.extension, kind.mime


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed its rule: what to store and how to name it."""

    upload: UploadedFile
    name: str
    content_type: str
    extension: str

    @property
    def storage_name(self) -> str:
        """A random stored name with the extension judged from the content: never guessable."""
        return f"{uuid.uuid4().hex}.{self.extension}"


def check_upload(upload: UploadedFile, rule: FileRule) -> CheckedFile:
    """Raise ValidationError unless `upload` is within `rule`."""
    if upload.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty."), code="empty", params={"name": upload.name})
    if upload.size > rule.max_bytes:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s; the limit is %(limit)s."),
            code="too_big",
            params={
                "name": clean_file_name(upload.name),
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(rule.max_bytes),
            },
        )
    found = sniff(upload)
    if found is None or found[0] not in {ext for ext, _mime in rule.types}:
        raise ValidationError(
            _("The file “%(name)s” is not a %(types)s file (judged by its content, not its name)."),
            code="wrong_type",
            params={"name": clean_file_name(upload.name), "types": rule.label},
        )
    return CheckedFile(upload=upload, name=clean_file_name(upload.name), content_type=found[1], extension=found[0])


# --- Storing ----------------------------------------------------------------------------------------


class StoredFiles:
    """Remembers files written during a submission so they can be removed if its transaction fails."""

    def __init__(self):
        self.names: list[str] = []
        self.storage = storages["private"]

    def attach(self, checked: CheckedFile, *, role: str, **owner) -> Attachment:
        """Store `checked` under a random name as an attachment of `owner` (application=…, objection=…
        or change_report=…)."""
        attachment = Attachment(
            role=role, original_name=checked.name, content_type=checked.content_type, size=checked.upload.size, **owner
        )
        checked.upload.seek(0)
        attachment.file.save(checked.storage_name, checked.upload, save=False)
        self.names.append(attachment.file.name)
        attachment.save()
        return attachment

    def remove_all(self):
        for name in self.names:
            try:
                self.storage.delete(name)
            except OSError:  # pragma: no cover - best effort clean-up
                logger.warning("Could not remove %s after a failed submission", name)


def delete_files_on_commit(names: list[str]) -> None:
    """Remove stored files once the current transaction commits (replaced or erased attachments)."""
    storage = storages["private"]
    transaction.on_commit(lambda: [storage.delete(n) for n in names])


def saved_atomically(write):
    """Run `write(stored)` in one transaction; on any failure remove the files it wrote, then re-raise."""
    stored = StoredFiles()
    try:
        with transaction.atomic():
            return write(stored)
    except BaseException:
        stored.remove_all()
        raise
