"""The change-report desk (Art. 17): the list of reports, pending first and overdue ones flagged, and one
report with its documents and the decision. For holders of `submissions.decide_changereport`; what a
decision does is `submissions.services.change_report_confirm` / `change_report_return`."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from home.admin_views import AdminScreenMixin
from submissions import services
from submissions.models import ChangeReport, ChangeReportState
from submissions.review import can_decide_change_reports

INDEX_URL_NAME = "submissions_change_reports:index"


class ChangeReportDeskMixin(AdminScreenMixin, View):
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not can_decide_change_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, status=200, **context):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context), status=status)


class ChangeReportIndexView(ChangeReportDeskMixin):
    """Art. 17: change reports, pending first and overdue ones flagged."""

    template_name = "submissions/change_reports/admin/index.html"
    page_title = gettext_lazy("Change reports")

    def get(self, request):
        state = request.GET.get("state") or ChangeReportState.PENDING
        reports = ChangeReport.objects.select_related("center").order_by("due_on", "pk")
        if state in ChangeReportState.values:
            reports = reports.filter(state=state)
        page = Paginator(reports, 50).get_page(request.GET.get("p"))
        return self.render(page_obj=page, state=state, states=ChangeReportState.choices)


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ReturnForm(forms.Form):
    reply = forms.CharField(label=gettext_lazy("Reply to the reporter"), widget=forms.Textarea(attrs={"rows": 3}))


class ChangeReportDetailView(ChangeReportDeskMixin):
    """One change report: what changed, the documents, and the decision. Confirming changes the center
    page (new name, lead unit) and publishes a new revision; the old name becomes a former name."""

    template_name = "submissions/change_reports/admin/detail.html"

    def get_page_title(self):
        return _("Change report %(number)s") % {"number": self.report.receipt_number}

    def dispatch(self, request, pk):
        self.report = get_object_or_404(ChangeReport.objects.select_related("center", "center__area"), pk=pk)
        return super().dispatch(request, pk)

    def _render(self, return_form=None, status=200):
        return self.render(
            status=status,
            report=self.report,
            documents=list(self.report.attachments.all()),
            management_unit=self.report.center.get_management_unit(),
            return_form=return_form or ReturnForm(),
            open=self.report.state == ChangeReportState.PENDING,
        )

    def get(self, request, pk):
        return self._render()

    def post(self, request, pk):
        if request.POST.get("action") == "return":
            form = ReturnForm(request.POST)
            if form.is_valid():
                try:
                    services.change_report_return(report=self.report, reply=form.cleaned_data["reply"], by=request.user)
                except ValidationError as exc:
                    _add_errors(form, exc)
                else:
                    messages.success(request, _("Change report returned to the reporter."))
                    return HttpResponseRedirect(reverse(INDEX_URL_NAME))
            return self._render(return_form=form, status=400)
        try:
            center = services.change_report_confirm(report=self.report, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self._render(status=400)
        messages.success(
            request, _("Change confirmed; “%(center)s” has been updated and published.") % {"center": center.title}
        )
        return HttpResponseRedirect(reverse(INDEX_URL_NAME))
