"""Uploaded files for every kind of submission: checks (type judged by content, not by name; size and
count limits; safe names) and storage (`StoredFiles`, `saved_atomically`: staged while the submission's
transaction is open, moved into place when it commits, removed if it fails; nothing a crash can orphan
outside the staging folder, which `manage.py clean_orphan_files` sweeps).

Every upload is sniffed with `filetype`; the extension the sender chose is ignored except to be shown
back. A file is stored under a random name in the private storage; its original name is kept, cleaned,
for display only.
"""

import datetime as dt
import logging
import os
import tempfile
import unicodedata
import uuid
from dataclasses import dataclass

import filetype
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler
from django.db import models, transaction
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
#
# A file is written where a crash cannot orphan it. While the submission's transaction is open it is
# written to STAGING (a folder of the private storage) under the name it will have; only after the
# transaction commits is it moved into place (on_commit). So:
# - the transaction fails (an exception): the staged files are removed at once;
# - the worker is killed before the commit: no row, and the file is only in staging, where
#   `manage.py clean_orphan_files` finds it (a staging file older than a day with no row) and removes it;
# - the worker is killed between the commit and the move: the row names the file, the file is in staging;
#   `Attachment.open()` serves it from there and `clean_orphan_files --delete` finishes the move.
# Uploads bigger than FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to an unnamed temporary file
# (`UnnamedTemporaryFileUploadHandler`) that the operating system frees when the process ends, however
# it ends, so a killed worker leaves no partial upload behind either.

STAGING = "staging/"


def staged_name(name: str) -> str:
    """Where the file stored as `name` waits until its submission's transaction has committed."""
    return STAGING + name


def move_into_place(storage, staged: str, final: str) -> None:
    """Move a staged file to its final name (atomic rename on a file system; copy and delete elsewhere)."""
    if not storage.exists(staged):
        return
    try:
        source, target = storage.path(staged), storage.path(final)
    except NotImplementedError:  # pragma: no cover - a remote storage
        with storage.open(staged, "rb") as content:
            storage.save(final, content)
        storage.delete(staged)
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.replace(source, target)


class StoredFiles:
    """The files written during one submission: staged while its transaction is open, moved into place
    when it commits, removed if it fails."""

    def __init__(self):
        self.staged: list[str] = []
        self.storage = storages["private"]

    def attach(self, checked: CheckedFile, *, role: str, **owner) -> Attachment:
        """Store `checked` under a random name as an attachment of `owner` (application=…, objection=…
        or change_report=…): written to staging now, moved into place once the transaction commits."""
        attachment = Attachment(
            role=role, original_name=checked.name, content_type=checked.content_type, size=checked.upload.size, **owner
        )
        final = attachment.file.field.generate_filename(attachment, checked.storage_name)
        checked.upload.seek(0)
        staged = self.storage.save(staged_name(final), checked.upload)
        self.staged.append(staged)
        attachment.file.name = staged.removeprefix(STAGING)
        attachment.save()
        storage = self.storage
        transaction.on_commit(lambda: move_into_place(storage, staged, attachment.file.name))
        return attachment

    def remove_all(self):
        for name in self.staged:
            try:
                self.storage.delete(name)
            except OSError:  # pragma: no cover - best effort clean-up
                logger.warning("Could not remove %s after a failed submission", name)


def delete_files_on_commit(names: list[str]) -> None:
    """Remove stored files once the current transaction commits (replaced or erased attachments),
    wherever they are (in place, or still staged)."""
    storage = storages["private"]
    transaction.on_commit(lambda: [storage.delete(n) for name in names for n in (name, staged_name(name))])


def saved_atomically(write):
    """Run `write(stored)` in one transaction; on any failure remove the files it staged, then re-raise.
    Files are moved into place only after the commit (see above)."""
    stored = StoredFiles()
    try:
        with transaction.atomic():
            return write(stored)
    except BaseException:
        stored.remove_all()
        raise


def open_stored(name: str):
    """The stored file `name`, from its place or, between a commit and its move, from staging."""
    storage = storages["private"]
    if not storage.exists(name) and storage.exists(staged_name(name)):
        return storage.open(staged_name(name), "rb")
    return storage.open(name, "rb")


# --- Uploads in progress ------------------------------------------------------------------------------


class UnnamedTemporaryUploadedFile(UploadedFile):
    """A large upload spooled to a temporary file with no name in the file system (O_TMPFILE or
    unlinked at once): the operating system frees it when it is closed or the process dies."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        file = tempfile.TemporaryFile(suffix=".upload", dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115 - closed by close()
        super().__init__(file, name, content_type, size, charset, content_type_extra)

    def close(self):
        try:
            return self.file.close()
        except FileNotFoundError:  # pragma: no cover
            pass


class UnnamedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's handler for uploads too big for memory, but leaving no named temporary file that a
    killed worker could orphan (Django's own is named and removed only when Python closes it)."""

    def new_file(self, *args, **kwargs):
        FileUploadHandler.new_file(self, *args, **kwargs)
        self.file = UnnamedTemporaryUploadedFile(
            self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )


# --- Orphans ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sweep:
    """What `sweep_private_storage` found: files no row names, and staged files whose row was committed
    but whose move into place was cut short."""

    orphans: list[str]
    unfinished_moves: list[str]


def _referenced_names(storage) -> set[str]:
    """Every file name a row of any model keeps in `storage` (a FileField on that storage)."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and field.storage is storage:
                names.update(model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True))
    return names


def _walk(storage, folder=""):
    folders, names = storage.listdir(folder)
    for name in names:
        yield f"{folder}{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}{sub}/")


def sweep_private_storage(*, older_than: dt.timedelta, now: dt.datetime, delete: bool) -> Sweep:
    """Files in the private storage older than `older_than` that no row names (left by a crash before a
    commit, in staging or anywhere else), and staged files whose row exists (a crash between the commit
    and the move). With `delete`, orphans are removed and unfinished moves finished; otherwise nothing
    changes. Younger files are left alone: their submission may still be in progress."""
    storage = storages["private"]
    if not storage.exists(""):
        return Sweep([], [])
    referenced = _referenced_names(storage)
    cutoff = now - older_than
    orphans, unfinished = [], []
    for name in _walk(storage):
        if storage.get_modified_time(name) > cutoff:
            continue
        if name.startswith(STAGING) and name.removeprefix(STAGING) in referenced:
            unfinished.append(name)
            if delete:
                move_into_place(storage, name, name.removeprefix(STAGING))
        elif name not in referenced:
            orphans.append(name)
            if delete:
                storage.delete(name)
    return Sweep(sorted(orphans), sorted(unfinished))
