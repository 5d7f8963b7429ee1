"""The public change-report form (Art. 17), reached at a center page + `report-change/`.

Thin: the form checks the shape, `directory.lifecycle.change_report_create` numbers and stores the report.
After a report is stored the visitor is redirected back to the same address, which shows the receipt
number and access code once."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from directory import lifecycle
from directory.change_report_forms import ChangeReportForm
from directory.models import CenterStatus
from home.views import rate_limited

SESSION_RECEIPT = "directory.change_report_receipt"


def _rate(group, request):
    return getattr(settings, "SUBMISSION_RATE", "10/h")


def _context(center, **extra) -> dict:
    return {
        "page": center,
        "center": center,
        "breadcrumbs": list(center.get_ancestors().filter(depth__gt=1).live()),
        "management_unit": center.get_management_unit(),
        **extra,
    }


@never_cache
@ratelimit(key="ip", rate=_rate, method="POST", block=False)
def change_report_form(request, center):
    """Art. 17: a center or its management unit reports a change of name, merger, split, restructuring or
    suspension. A revoked center has nothing left to report: the form is refused, on the server too."""
    receipt = request.session.pop(SESSION_RECEIPT, None)
    if request.method == "GET" and receipt and receipt.get("center") == center.translation_key.hex:
        return render(request, "directory/lifecycle/change_report_received.html", _context(center, receipt=receipt))
    if center.status == CenterStatus.REVOKED:
        status = 403 if request.method == "POST" else 200
        return render(request, "directory/lifecycle/change_report_closed.html", _context(center), status=status)
    if request.method == "POST":
        if getattr(request, "limited", False):
            return rate_limited(request)
        form = ChangeReportForm(request.POST, request.FILES)
        if form.is_valid():
            report, code = lifecycle.change_report_create(
                center=center,
                data=form.report_data(),
                files=form.cleaned_data["documents"],
                on=timezone.localdate(),
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
            request.session[SESSION_RECEIPT] = {
                "center": center.translation_key.hex,
                "receipt_number": report.receipt_number,
                "access_code": code,
                "due_on": report.due_on.isoformat(),
                "overdue": report.is_overdue,
                "email": report.email,
            }
            return HttpResponseRedirect(request.path)
    else:
        form = ChangeReportForm()
    return render(
        request,
        "directory/lifecycle/change_report_form.html",
        _context(center, form=form, files_dropped=request.method == "POST" and bool(request.FILES)),
    )
