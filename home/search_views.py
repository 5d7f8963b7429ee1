"""Site-wide search over notices, centers and events."""

from django.shortcuts import render


def search(request):
    query = request.GET.get("q", "").strip()
    return render(request, "home/search_results.html", {"query": query, "groups": []})
