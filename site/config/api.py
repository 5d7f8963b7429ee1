"""Wagtail API v2: read-only, published pages only (the pages endpoint serves live, public pages).

The endpoints check their query parameters before any query runs, so bad input is a 400 (or a 404 for an
id that cannot exist), never a database error: no NUL anywhere, numbers within what a database column
holds, `search_operator` one of "and"/"or", and a `search` with a word in it, its double quotes read as
spaces (SQLite's full-text syntax would read one as the start of a phrase that never ends)."""

from django.http import Http404
from django.urls import NoReverseMatch
from rest_framework.fields import Field
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from home.public_address import absolute_url

# The largest value of a 64-bit signed integer column, the widest any of our ids or offsets can be.
MAX_INTEGER = 2**63 - 1
INTEGER_PARAMETERS = ("offset", "limit", "child_of", "ancestor_of", "descendant_of", "id")


class CheckedParametersMixin:
    """Refuse, with a readable 400, query parameters that would make the database fail."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        params = request.GET
        for key, values in params.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequestError(f"{key.replace(chr(0), '')!r} contains a NUL character")
        for name in INTEGER_PARAMETERS:
            value = params.get(name, "")
            if value.strip().lstrip("-").isdigit() and abs(int(value)) > MAX_INTEGER:
                raise BadRequestError(f"{name} is too large")
        if params.get("search_operator") not in (None, "and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        if "search" in params:
            search = params["search"].replace('"', " ")
            if not search.strip():
                raise BadRequestError("search must contain at least one word")
            if search != params["search"]:
                cleaned = params.copy()
                cleaned["search"] = search
                request._request.GET = cleaned
        pk = self.kwargs.get("pk")
        if pk is not None and int(pk) > MAX_INTEGER:
            raise Http404


class PublicHtmlUrlField(Field):
    """A page's address on the site's public address (home/public_address.py), not the Site record's."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        try:
            url = page.get_url()
        except NoReverseMatch:
            return None
        return absolute_url(url) if url else None


class PublicPageSerializer(PageSerializer):
    html_url = PublicHtmlUrlField(read_only=True)


class PublicPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint with its query parameters checked first, every address on the public one
    (`detail_url` through WAGTAILAPI_BASE_URL, `html_url` through PublicPageSerializer)."""

    base_serializer_class = PublicPageSerializer


class PublicDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    """Wagtail's documents endpoint with its query parameters checked first."""


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
