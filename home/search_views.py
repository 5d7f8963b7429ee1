"""Site-wide search at /search/?q= over notices, centers and events of the visitor's language, grouped by
type. Every group goes through home.search (Traditional → Simplified, Chinese tokens, rare words first)."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from home.search import query_terms, rank_by_relevance, search_filter

GROUP_SIZE = 10
MAX_QUERY_LENGTH = 100


def _groups(query: str, locale) -> list[dict]:
    from directory.models import CenterPage, EventPage
    from notices.models import NoticePage

    groups = []
    for key, label, queryset, tie_breakers, more in (
        ("notices", _("Notices"), NoticePage.objects.live(), ["-published_on", "-pk"], ""),
        ("centers", _("Centers"), CenterPage.objects.live(), ["name_sort_key", "pk"], "centers"),
        ("events", _("Matchmaking events"), EventPage.objects.live(), ["-starts_at", "-pk"], ""),
    ):
        matched = search_filter(queryset.filter(locale=locale), query)
        total = matched.count()
        hits = list(rank_by_relevance(matched, query, tie_breakers=tie_breakers)[:GROUP_SIZE]) if total else []
        groups.append({"key": key, "label": label, "count": total, "hits": hits, "more": more})
    return groups


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
