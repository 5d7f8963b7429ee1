"""Routing to a child page in one query instead of Wagtail's two (issue 13).

Wagtail finds a child by its slug as a plain `Page`, then reads it again as its own type (`.specific`).
For the index pages whose children every visitor opens (notices, centers, events), which page answers a
slug — its id and type — is remembered per process until the site changes (`home.cache.memo`); the page
itself is read fresh, in one query, every time, and checked against the address before it is used, so a
page renamed or moved without a signal is found the long way, never served at its old address.
"""

from django.contrib.contenttypes.models import ContentType

from home.cache import memo


class ChildRoutesMixin:
    """For a page model: route to its children in one query (see the module). Put it after
    `RoutablePageMixin` in the bases, so the page's own sub-routes are tried first."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, rest = path_components[0], path_components[1:]
        found = memo(("child-route", self.pk, slug), lambda: self._child_address(slug), keep_none=False)
        child = self._read_child(found, slug) if found else None
        if child is None:
            return super().route(request, path_components)
        return child.route(request, rest)

    def _child_address(self, slug):
        """(content type id, page id) of the child at `slug`, or None."""
        return self.get_children().filter(slug=slug).values_list("content_type_id", "pk").first()

    def _read_child(self, found, slug):
        content_type_id, pk = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        child = model._default_manager.filter(pk=pk).first() if model is not None else None
        if child is None or child.slug != slug or not child.path.startswith(self.path) or child.depth != self.depth + 1:
            return None
        child._cached_parent_obj = self
        return child
