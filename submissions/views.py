"""Public submission views: status lookup (the forms arrive with the submissions issue)."""

from django.shortcuts import render


def status_lookup(request):
    """Look up a submission by receipt number and access code."""
    return render(request, "submissions/status.html", {})
