"""Access codes: the secret that, with the public receipt number, shows a submitter their submission.

A code is 10 characters drawn with `secrets` from a 31-character alphabet that has no 0/O or 1/I/L (codes
are read aloud and typed from paper): 31**10 ≈ 2**49.5, so guessing online (rate-limited) is hopeless.

Only a keyed hash is stored: HMAC-SHA256 of the code under `ACCESS_CODE_KEY`, a server-side secret kept
outside the database (derived from SECRET_KEY when not set). A stolen database alone reveals no code, and
checking one costs microseconds instead of the ~0.35 s of the PBKDF2 hash codes were stored with before.
Codes stored the old way (Django's password format) keep working: they are checked the old way and
re-stored as HMAC on the first successful check (`SubmissionBase.check_access_code`).

This module imports no models, so the models and `submissions.receipts` can both use it.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher, check_password

# No 0/O, 1/I/L: codes are read aloud over the phone and typed from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 10
SCHEME = "hmac-sha256"
PREFIX = SCHEME + "$"
# What an unknown receipt number is checked against: one HMAC is computed either way, and no code matches.
NEVER_MATCHES = PREFIX + "-" * 64
_LEGACY_HASHERS = {h.algorithm: h for h in (PBKDF2PasswordHasher(), PBKDF2SHA1PasswordHasher())}


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code: str) -> str:
    """What a person typed, as the code was issued: no spaces or hyphens, upper case."""
    return "".join((code or "").split()).replace("-", "").upper()


def key(*, secret_key: str | None = None) -> bytes:
    """The server-side key: ACCESS_CODE_KEY, or one derived from SECRET_KEY for this purpose only."""
    configured = getattr(settings, "ACCESS_CODE_KEY", "")
    if configured and secret_key is None:
        return configured.encode()
    base = secret_key if secret_key is not None else settings.SECRET_KEY
    return hmac.new(base.encode(), b"jx-dtpc submissions access-code key v1", hashlib.sha256).digest()


def make_hash(code: str) -> str:
    """The value stored for `code`: "hmac-sha256$" and the hex HMAC of the normalised code."""
    return PREFIX + hmac.new(key(), normalise(code).encode(), hashlib.sha256).hexdigest()


def is_legacy(stored: str) -> bool:
    return not (stored or "").startswith(PREFIX)


def matches(code: str, stored: str) -> bool:
    """Whether `code` is the one `stored` was made from, under either scheme. An HMAC check always
    computes one HMAC and compares in constant time, whatever `stored` is (even NEVER_MATCHES)."""
    code = normalise(code)
    if not is_legacy(stored):
        return hmac.compare_digest(make_hash(code), stored) and bool(code)
    if not code or not stored:
        return False
    hasher = _LEGACY_HASHERS.get(stored.split("$", 1)[0])
    if hasher is not None:  # Django's PBKDF2 format, whatever PASSWORD_HASHERS says today
        return hasher.verify(code, stored)
    return check_password(code, stored)
