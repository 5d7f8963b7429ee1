"""Signed links for subscriptions: confirming (expires), changing choices and unsubscribing (do not
expire while the subscription exists). A forged or altered token is refused: it loads as None."""

import datetime as dt

from django.core import signing

CONFIRM_SALT = "submissions.alerts.confirm"
MANAGE_SALT = "submissions.alerts.manage"
UNSUBSCRIBE_SALT = "submissions.alerts.unsubscribe"
CONFIRM_MAX_AGE = dt.timedelta(days=7)


def confirm_token(subscription) -> str:
    return signing.dumps(str(subscription.public_id), salt=CONFIRM_SALT)


def manage_token(subscription) -> str:
    return signing.dumps(str(subscription.public_id), salt=MANAGE_SALT)


def unsubscribe_token(*, address_hash: str, subscription=None) -> str:
    """Names the address (by its hash, never in clear) and, for a subscriber, the subscription."""
    payload = {"a": address_hash}
    if subscription is not None:
        payload["s"] = str(subscription.public_id)
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def _loads(token: str, salt: str, max_age=None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None


def subscription_id_from_confirm(token: str) -> str | None:
    value = _loads(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    return value if isinstance(value, str) else None


def subscription_id_from_manage(token: str) -> str | None:
    value = _loads(token, MANAGE_SALT)
    return value if isinstance(value, str) else None


def unsubscribe_payload(token: str) -> dict | None:
    """{"a": address hash, "s": subscription id or absent}, or None for a forged or altered token."""
    value = _loads(token, UNSUBSCRIBE_SALT)
    if not isinstance(value, dict) or not isinstance(value.get("a"), str):
        return None
    return value
