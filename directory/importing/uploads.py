"""The uploaded file kept between the preview and the editor's confirmation: in private storage (never
served), under a random token that only the uploader's session knows, removed once imported; a file never
confirmed is an orphan to the daily `clean_orphan_files --delete` after a day."""

import contextlib
import re
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import storages

FOLDER = "directory-imports"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _path(token: str) -> str:
    if not _TOKEN.match(token or ""):
        raise FileNotFoundError(token)
    return f"{FOLDER}/{token}"


def upload_keep(content: bytes) -> str:
    """Store `content` privately; returns the token that finds it again."""
    token = secrets.token_urlsafe(24)
    storages["private"].save(_path(token), ContentFile(content))
    return token


def upload_read(token: str) -> bytes:
    """The kept file's bytes; FileNotFoundError when it is gone or the token is malformed."""
    with storages["private"].open(_path(token), "rb") as handle:
        return handle.read()


def upload_discard(token: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        storages["private"].delete(_path(token))
