"""A page's views live in view modules, above the models: one mechanism for every app.

A page model sits at the bottom of its app (its views, listings, filters and feeds import it), so a route or
`get_context` of the page cannot import them back. The page asks for them by a Wagtail hook name instead: a view
module registers `(request, page, *args, **kwargs) -> HttpResponse` for a route, or `(request, page) -> dict`
for the page's context, under that name in its app's `wagtail_hooks.py` (Wagtail imports every app's
wagtail_hooks at start-up). The view may belong to the page's own app (the directory's listing, the notices'
feeds) or to a higher one (submissions' forms on center, event and notice pages). Hook names are constants
beside the page classes.

When several functions are registered under one name, the first in Wagtail's hook order answers (tests put
theirs first with `order=-1`).
"""

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from wagtail import hooks


def registered_view(name: str):
    """The first function registered for the Wagtail hook `name`, or None."""
    found = hooks.get_hooks(name)
    return found[0] if found else None


class PageViewsMixin:
    """For a page whose routes or context are built by functions registered under Wagtail hook names."""

    def serve_view(self, request, name: str, *args, **kwargs):
        """The response of the view registered for `name`, called as `view(request, page, *args, **kwargs)`;
        404 when no app registers one (a route another app offers, such as an online form, is then absent)."""
        view = registered_view(name)
        if view is None:
            raise Http404(f"No view is registered for the Wagtail hook {name!r}.")
        return view(request, self, *args, **kwargs)

    def view_context(self, request, name: str) -> dict:
        """The context the function registered for `name` gives, called as `fn(request, page)`. A page cannot
        render without it, so a missing registration is a configuration error, never an empty page."""
        provider = registered_view(name)
        if provider is None:
            raise ImproperlyConfigured(
                f"No function is registered for the Wagtail hook {name!r}, which gives {type(self).__name__}'s "
                "context: register one in the app's wagtail_hooks.py."
            )
        return provider(request, self)
