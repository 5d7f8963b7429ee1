"""The lifecycle desk in the Wagtail admin (Art. 15–17): centers needing action, revocation proposals to
confirm or dismiss, reorganisations to file, and active bans.

Every decision is made in `directory.lifecycle`; these views bind requests to it. Who may do what is in
`directory.admin_views.access`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from directory import lifecycle
from directory.admin_views.access import (
    DECIDE_PROPOSALS,
    FILE_TASKS,
    PROPOSE,
    VIEW_REVOCATIONS,
    area_keys_for,
    can_use_lifecycle_desk,
)
from directory.admin_views.forms import ConfirmForm, DismissForm, FileForm, ProposalForm, add_service_errors
from directory.models import CenterRating, ProposalState, ReorganisationTask, RevocationProposal
from home.admin_views import AdminScreenMixin


class LifecycleView(AdminScreenMixin, View):
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


class NeedsActionView(LifecycleView):
    """Centers under reorganisation, reorganised a year ago with no new rating, and proposed for
    revocation: what the department and the management units act on."""

    template_name = "directory/lifecycle/admin/needs_action.html"
    page_title = gettext_lazy("Centers needing action")

    def get(self, request):
        today = timezone.localdate()
        needs = lifecycle.centers_needing_action(on=today, area_keys=area_keys_for(request.user))
        return self.render(needs=needs, today=today, can_decide=request.user.has_perm(DECIDE_PROPOSALS))


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
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Revocation of “%(center)s” proposed.") % {"center": proposal.center.title})
                return HttpResponseRedirect(reverse("lifecycle:proposal", args=[proposal.pk]))
        return self.render(form=form, status=400)


class ProposalView(LifecycleView):
    """One revocation proposal: its grounds, and the staff decision — confirm (the notices app drafts
    the revocation notice for the department to publish) or dismiss with a reason."""

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
            return self._dismiss(request)
        form = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                proposal = lifecycle.revocation_confirm(
                    proposal=self.proposal, by=request.user, effective_on=form.cleaned_data["effective_on"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                notice = proposal.notice
                if notice is None:
                    messages.success(request, _("Revocation confirmed."))
                    return HttpResponseRedirect(reverse("lifecycle:proposal", args=[proposal.pk]))
                messages.success(
                    request,
                    _(
                        "Revocation confirmed. The draft notice “%(title)s” is ready: check it and publish it to revoke the center."
                    )
                    % {"title": notice.title},
                )
                return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[notice.pk]))
        return self._render(confirm_form=form, status=400)

    def _dismiss(self, request):
        form = DismissForm(request.POST)
        if form.is_valid():
            try:
                lifecycle.revocation_dismiss(
                    proposal=self.proposal, note=form.cleaned_data["decision_note"], by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Proposal dismissed."))
                return HttpResponseRedirect(reverse("lifecycle:needs_action"))
        return self._render(dismiss_form=form, status=400)


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
            tasks = lifecycle.tasks_managed_by_bureaus_of(tasks, area_keys=keys)
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
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Reorganisation of “%(center)s” filed.") % {"center": self.task.center.title}
                )
                return HttpResponseRedirect(reverse("lifecycle:needs_action"))
        return self.render(task=self.task, form=form, status=400)
