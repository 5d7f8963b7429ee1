"""Site-wide search at /search/?q= over the pages of the visitor's language, grouped by type. The types
(notices, centers, events) come from the apps that own them through the Wagtail hook "site_search_types".
Every group goes through home.search (Traditional → Simplified, Chinese tokens, rare words first)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Locale

from home.search import load_in_order, query_terms, search_tops

GROUP_SIZE = 10
MAX_QUERY_LENGTH = 100
SITE_SEARCH_TYPES_HOOK = "site_search_types"


@dataclass(frozen=True)
class SiteSearchType:
    """One group of site-search results, as an app registers it: each function registered for the hook
    "site_search_types" is called with no arguments and returns one of these (the hook's `order` sets
    the order of the groups).

    `queryset`: the live pages of this type in every language (the search narrows it to the visitor's);
    `tie_breakers`: kept for the hook's callers; the engines' ranking ends on the primary key, so
    equally relevant hits are already in a fixed order; `hit_template`: what a hit shows under its title
    (context: `hit`); `more`: the path of the app's own list that takes `?q=`, "" when there is none;
    `listed_last`: true of a hit that follows the others among those shown, each part in the order of
    relevance (a revoked center after the current ones), None when none does."""

    key: str
    label: str
    queryset: QuerySet
    hit_template: str
    tie_breakers: list[str] = field(default_factory=lambda: ["pk"])
    more: str = ""
    listed_last: Callable[[object], bool] | None = None


def site_search_types() -> list[SiteSearchType]:
    return [fn() for fn in hooks.get_hooks(SITE_SEARCH_TYPES_HOOK)]


def _groups(query: str, locale) -> list[dict]:
    search_types = site_search_types()
    querysets = [search_type.queryset.filter(locale=locale) for search_type in search_types]
    groups = []
    for search_type, queryset, (top, total) in zip(
        search_types, querysets, search_tops(querysets, query, limit=GROUP_SIZE), strict=True
    ):
        groups.append(
            {
                "key": search_type.key,
                "label": search_type.label,
                "count": total,
                "hits": _listed(load_in_order(queryset, top) if top else [], search_type.listed_last),
                "more": search_type.more,
                "hit_template": search_type.hit_template,
            }
        )
    return groups


def _listed(hits: list, listed_last) -> list:
    """`hits` in their order, those `listed_last` is true of moved after the rest."""
    if listed_last is None:
        return hits
    return [hit for hit in hits if not listed_last(hit)] + [hit for hit in hits if listed_last(hit)]


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    context = {"query": query, "groups": [], "total": 0, "error": ""}
    if "q" in request.GET and not query_terms(query):
        context["error"] = _("Enter a word to search for, e.g. 稀土 or 评价.")
    elif query:
        locale = Locale.objects.get_for_language(get_language())
        context["groups"] = _groups(query, locale)
        context["total"] = sum(group["count"] for group in context["groups"])
    return render(request, "home/search_results.html", context)
