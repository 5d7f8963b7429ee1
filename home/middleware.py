"""Response headers for every page."""

from django.conf import settings
from django.db import OperationalError

from home.views import database_busy


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY): browser features the site does
    not use (camera, microphone, location, payment…) are off for it and for anything it embeds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


def is_database_busy(exception) -> bool:
    """True for SQLite's "database is locked" (a writer waited longer than its timeout for the lock): the
    request can be sent again in a moment; nothing of it was saved (its transaction rolled back)."""
    return isinstance(exception, OperationalError) and "database is locked" in str(exception)


class DatabaseBusyMiddleware:
    """A burst of submissions on SQLite can make a writer wait past its lock timeout: the visitor gets a
    clear "busy, try again" page (503, Retry-After), never a server error. Other errors pass through."""

    RETRY_AFTER_SECONDS = 10

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_busy(exception):
            return None
        response = database_busy(request)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
