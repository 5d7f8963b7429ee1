"""Routes of a directory page whose view belongs to a higher app (submissions)."""

from django.http import Http404
from wagtail import hooks


class HookedFormRoutesMixin:
    """For a routable page whose sub-page forms (a center's change report and evaluation materials, an
    event's registration) are served by a higher app, which directory may not import: that app registers a
    view `(request, page) -> HttpResponse` under a Wagtail hook name, and the route asks for it here."""

    def serve_hooked_form(self, request, hook_name: str):
        """The response of the first view registered for `hook_name`; 404 when none is registered."""
        for view in hooks.get_hooks(hook_name):
            return view(request, self)
        raise Http404
