"""The lifecycle desk in the Wagtail admin (Art. 15–17): centers needing action, revocation proposals to
confirm or dismiss, reorganisations to file, change reports to confirm or return, and active bans.

Every decision is made in `directory.lifecycle`; these views bind requests to it. Who may do what is a
model permission (given to the roles by the demo loader): provincial editors decide, city-bureau
reviewers file their areas' reorganisations and see only their areas.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput
from wagtail.documents.widgets import AdminDocumentChooser
from wagtail.models import Locale

from directory import lifecycle
from directory.models import (
    CenterPage,
    CenterRating,
    CenterStatus,
    ChangeReport,
    ChangeReportDocument,
    ChangeReportState,
    ProposalState,
    ReorganisationTask,
    ReviewerArea,
    Revocation,
    RevocationProposal,
)

DECIDE_PROPOSALS = "directory.decide_revocationproposal"
PROPOSE = "directory.add_revocationproposal"
DECIDE_CHANGES = "directory.decide_changereport"
FILE_TASKS = "directory.file_reorganisationtask"
VIEW_REVOCATIONS = "directory.view_revocation"
LIFECYCLE_PERMISSIONS = (DECIDE_PROPOSALS, DECIDE_CHANGES, FILE_TASKS, VIEW_REVOCATIONS)


def can_use_lifecycle_desk(user) -> bool:
    return user.is_active and any(user.has_perm(p) for p in LIFECYCLE_PERMISSIONS)


def area_keys_for(user):
    """None when `user` acts for the whole province; otherwise the translation keys of the areas they
    are a city-bureau reviewer for (Art. 11: the city bureau manages its area's regional centers)."""
    if user.has_perm(DECIDE_PROPOSALS) or user.has_perm(DECIDE_CHANGES):
        return None
    return ReviewerArea.objects.filter(user=user).values("area__translation_key")


class LifecycleView(WagtailAdminTemplateMixin, View):
    permission = None
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        allowed = (
            can_use_lifecycle_desk(request.user) if self.permission is None else request.user.has_perm(self.permission)
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, status=200, **context):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context), status=status)


# --- Centers needing action -------------------------------------------------------------------------


class NeedsActionView(LifecycleView):
    """Centers under reorganisation, reorganised a year ago with no new rating, proposed for revocation,
    and change reports pending (overdue first): what the department and the management units act on."""

    template_name = "directory/lifecycle/admin/needs_action.html"
    page_title = gettext_lazy("Centers needing action")

    def get(self, request):
        today = timezone.localdate()
        needs = lifecycle.centers_needing_action(on=today, area_keys=area_keys_for(request.user))
        return self.render(needs=needs, today=today, can_decide=request.user.has_perm(DECIDE_PROPOSALS))


# --- Bans ---------------------------------------------------------------------------------------------


class ActiveBansView(LifecycleView):
    """Art. 16: the lead units that may not be recommended today, with when they may be again."""

    template_name = "directory/lifecycle/admin/active_bans.html"
    page_title = gettext_lazy("Active re-application bans")
    permission = VIEW_REVOCATIONS
    header_icon = "lock"

    def get(self, request):
        today = timezone.localdate()
        bans = lifecycle.revocations_banning(on=today).select_related("center").order_by("ban_ends_on", "pk")
        page = Paginator(bans, 50).get_page(request.GET.get("p"))
        return self.render(page_obj=page, today=today)


# --- Revocation proposals -----------------------------------------------------------------------------


def _default_locale_centers():
    return CenterPage.objects.filter(locale=Locale.get_default()).exclude(status=CenterStatus.REVOKED).order_by("title")


class ProposalForm(forms.Form):
    center = forms.ModelChoiceField(label=gettext_lazy("Center"), queryset=CenterPage.objects.none())
    cause = forms.ChoiceField(
        label=gettext_lazy("Cause (Art. 15)"),
        choices=[(c.value, c.label) for c in lifecycle.STAFF_CAUSES],
        widget=forms.RadioSelect,
    )
    evidence = forms.CharField(
        label=gettext_lazy("Grounds and evidence"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("What happened, when, and where the evidence comes from."),
    )
    evidence_document = forms.ModelChoiceField(
        label=gettext_lazy("Evidence document"),
        queryset=None,
        required=False,
        widget=AdminDocumentChooser,
    )

    def __init__(self, *args, **kwargs):
        from wagtail.documents import get_document_model

        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = _default_locale_centers()
        self.fields["evidence_document"].queryset = get_document_model().objects.all()


class ProposalCreateView(LifecycleView):
    """Art. 15 (2)–(4): staff propose a revocation with grounds and evidence."""

    template_name = "directory/lifecycle/admin/proposal_create.html"
    page_title = gettext_lazy("Propose a revocation")
    permission = PROPOSE

    def get(self, request):
        return self.render(form=ProposalForm(initial={"center": request.GET.get("center")}))

    def post(self, request):
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                proposal = lifecycle.revocation_propose(
                    center=form.cleaned_data["center"],
                    cause=form.cleaned_data["cause"],
                    evidence=form.cleaned_data["evidence"],
                    document=form.cleaned_data["evidence_document"],
                    on=timezone.localdate(),
                    by=request.user,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Revocation of “%(center)s” proposed.") % {"center": proposal.center.title})
                return HttpResponseRedirect(reverse("lifecycle:proposal", args=[proposal.pk]))
        return self.render(form=form, status=400)


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ConfirmForm(forms.Form):
    effective_on = forms.DateField(
        label=gettext_lazy("Effective on"),
        widget=AdminDateInput,
        help_text=gettext_lazy(
            "The revocation date; the ban is counted from it (Art. 16). You can still change it in the draft notice."
        ),
    )


class DismissForm(forms.Form):
    decision_note = forms.CharField(
        label=gettext_lazy("Why is it dismissed?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ProposalView(LifecycleView):
    """One revocation proposal: its grounds, and the staff decision — confirm (drafts the revocation
    notice for the department to publish) or dismiss with a reason."""

    template_name = "directory/lifecycle/admin/proposal.html"
    permission = DECIDE_PROPOSALS

    def get_page_title(self):
        return _("Revocation proposal: %(center)s") % {"center": self.proposal.center.title}

    def dispatch(self, request, pk):
        self.proposal = get_object_or_404(RevocationProposal.objects.select_related("center", "notice"), pk=pk)
        return super().dispatch(request, pk)

    def _render(self, confirm_form=None, dismiss_form=None, status=200):
        proposal = self.proposal
        ratings = CenterRating.objects.filter(center_key=proposal.center.translation_key).order_by("-year")
        return self.render(
            status=status,
            proposal=proposal,
            ratings=list(ratings),
            ban_first_free_day=lifecycle.ban_first_free_day(cause=proposal.cause, revoked_on=timezone.localdate()),
            confirm_form=confirm_form or ConfirmForm(initial={"effective_on": timezone.localdate()}),
            dismiss_form=dismiss_form or DismissForm(),
            open=proposal.state == ProposalState.PROPOSED,
        )

    def get(self, request, pk):
        return self._render()

    def post(self, request, pk):
        if request.POST.get("action") == "dismiss":
            form = DismissForm(request.POST)
            if form.is_valid():
                try:
                    lifecycle.revocation_dismiss(
                        proposal=self.proposal, note=form.cleaned_data["decision_note"], by=request.user
                    )
                except ValidationError as exc:
                    _add_errors(form, exc)
                else:
                    messages.success(request, _("Proposal dismissed."))
                    return HttpResponseRedirect(reverse("lifecycle:needs_action"))
            return self._render(dismiss_form=form, status=400)
        form = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                notice = lifecycle.revocation_confirm(
                    proposal=self.proposal, by=request.user, effective_on=form.cleaned_data["effective_on"]
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Revocation confirmed. The draft notice “%(title)s” is ready: check it and publish it to revoke the center."
                    )
                    % {"title": notice.title},
                )
                return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[notice.pk]))
        return self._render(confirm_form=form, status=400)


# --- Reorganisation tasks ------------------------------------------------------------------------------


class FileForm(forms.Form):
    filed_on = forms.DateField(label=gettext_lazy("Filed on"), widget=AdminDateInput)
    note = forms.CharField(
        label=gettext_lazy("What was reorganised"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("The team, operations or services changed, and the filing document's number."),
    )


class TaskFileView(LifecycleView):
    """Art. 17: the management unit files the reorganisation of a center that failed its evaluation."""

    template_name = "directory/lifecycle/admin/task_file.html"
    permission = FILE_TASKS

    def get_page_title(self):
        return _("File the reorganisation: %(center)s") % {"center": self.task.center.title}

    def dispatch(self, request, pk):
        tasks = ReorganisationTask.objects.select_related("center", "area")
        keys = area_keys_for(request.user) if request.user.is_authenticated else None
        if keys is not None:
            tasks = tasks.filter(area__translation_key__in=keys)
        self.task = get_object_or_404(tasks, pk=pk)
        return super().dispatch(request, pk)

    def get(self, request, pk):
        return self.render(task=self.task, form=FileForm(initial={"filed_on": timezone.localdate()}))

    def post(self, request, pk):
        form = FileForm(request.POST)
        if form.is_valid():
            try:
                lifecycle.reorganisation_file(
                    task=self.task, on=form.cleaned_data["filed_on"], note=form.cleaned_data["note"], by=request.user
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request, _("Reorganisation of “%(center)s” filed.") % {"center": self.task.center.title}
                )
                return HttpResponseRedirect(reverse("lifecycle:needs_action"))
        return self.render(task=self.task, form=form, status=400)


# --- Change reports ----------------------------------------------------------------------------------


class ChangeReportDeskView(LifecycleView):
    """Art. 17: change reports, pending first and overdue ones flagged."""

    template_name = "directory/lifecycle/admin/change_reports.html"
    page_title = gettext_lazy("Change reports")
    permission = DECIDE_CHANGES
    header_icon = "doc-full"

    def get(self, request):
        state = request.GET.get("state") or ChangeReportState.PENDING
        reports = ChangeReport.objects.select_related("center").order_by("due_on", "pk")
        if state in ChangeReportState.values:
            reports = reports.filter(state=state)
        page = Paginator(reports, 50).get_page(request.GET.get("p"))
        return self.render(page_obj=page, state=state, states=ChangeReportState.choices)


class ReturnForm(forms.Form):
    reply = forms.CharField(label=gettext_lazy("Reply to the reporter"), widget=forms.Textarea(attrs={"rows": 3}))


class ChangeReportView(LifecycleView):
    """One change report: what changed, the documents, and the decision. Confirming changes the center
    page (new name, lead unit) and publishes a new revision; the old name becomes a former name."""

    template_name = "directory/lifecycle/admin/change_report.html"
    permission = DECIDE_CHANGES
    header_icon = "doc-full"

    def get_page_title(self):
        return _("Change report %(number)s") % {"number": self.report.receipt_number}

    def dispatch(self, request, pk):
        self.report = get_object_or_404(ChangeReport.objects.select_related("center", "center__area"), pk=pk)
        return super().dispatch(request, pk)

    def _render(self, return_form=None, status=200):
        return self.render(
            status=status,
            report=self.report,
            documents=list(self.report.documents.all()),
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
                    lifecycle.change_report_return(
                        report=self.report, reply=form.cleaned_data["reply"], by=request.user
                    )
                except ValidationError as exc:
                    _add_errors(form, exc)
                else:
                    messages.success(request, _("Change report returned to the reporter."))
                    return HttpResponseRedirect(reverse("lifecycle:change_reports"))
            return self._render(return_form=form, status=400)
        try:
            center = lifecycle.change_report_confirm(report=self.report, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self._render(status=400)
        messages.success(
            request, _("Change confirmed; “%(center)s” has been updated and published.") % {"center": center.title}
        )
        return HttpResponseRedirect(reverse("lifecycle:change_reports"))


def change_report_document(request, pk: int):
    """A change report's document, for staff who decide change reports only."""
    if not request.user.has_perm(DECIDE_CHANGES):
        raise Http404
    document = get_object_or_404(ChangeReportDocument, pk=pk)
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def urlpatterns():
    return [
        path("lifecycle/", NeedsActionView.as_view(), name="needs_action"),
        path("lifecycle/bans/", ActiveBansView.as_view(), name="active_bans"),
        path("lifecycle/proposals/new/", ProposalCreateView.as_view(), name="proposal_create"),
        path("lifecycle/proposals/<int:pk>/", ProposalView.as_view(), name="proposal"),
        path("lifecycle/tasks/<int:pk>/file/", TaskFileView.as_view(), name="task_file"),
        path("lifecycle/change-reports/", ChangeReportDeskView.as_view(), name="change_reports"),
        path("lifecycle/change-reports/<int:pk>/", ChangeReportView.as_view(), name="change_report"),
        path("lifecycle/documents/<int:pk>/", change_report_document, name="change_report_document"),
    ]


# --- Revocations kept by staff -------------------------------------------------------------------------


class RevocationViewSet(ModelViewSet):
    """Revocations, the source of bans (Art. 16). Most arrive by publishing a revocation notice; staff add
    those made before this site existed, with the lead unit's credit code."""

    model = Revocation
    icon = "lock"
    menu_label = gettext_lazy("Revocations")
    add_to_admin_menu = False
    form_fields = ["center_name", "lead_unit_name", "credit_code", "cause", "revoked_on", "evidence"]
    list_display = ["center_name", "lead_unit_name", "credit_code", "cause", "revoked_on", "ban_ends_on"]
    list_filter = ["cause"]
    search_fields = ["center_name", "lead_unit_name", "credit_code"]
    copy_view_enabled = False
    inspect_view_enabled = True


# --- The dashboard panel -----------------------------------------------------------------------------


class NeedsActionPanel(Component):
    """On the admin home: how many centers need action, by reason, with the first few of each."""

    name = "lifecycle_needs_action"
    template_name = "directory/lifecycle/admin/dashboard_panel.html"
    order = 95

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        needs = lifecycle.centers_needing_action(on=today, area_keys=area_keys_for(self.request.user))
        return {"needs": needs, "today": today, "index_url": reverse("lifecycle:needs_action")}
