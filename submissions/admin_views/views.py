"""The review desk's views: listings with exports, detail pages with history and transitions, batch
steps, the draft 公示 of a round, and staff attachment downloads.

Every decision (who sees which row, who may take which step, what a step does) is made in
`submissions.review`; these views only bind requests to it. Staff never add, edit or delete a
submission here: the public submits, the service moves.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.coreutils import multigetattr

from directory.lifecycle import active_ban_for
from home.admin_views import AdminScreenMixin
from home.china import CHINA
from home.forms import is_id
from home.roles import PROVINCIAL_EDITOR, user_roles
from home.spreadsheets import safe_cell
from submissions import files, review
from submissions.admin_views.columns import SelectColumn
from submissions.admin_views.forms import BatchTransitionForm, PublicityDraftForm, TransitionForm
from submissions.conditions import conditions_for
from submissions.models import Application, Attachment
from submissions.states import APPLICATION_TRANSITIONS, ApplicationState, ObjectionState


def _china_naive(value):
    return timezone.localtime(value, CHINA).replace(tzinfo=None) if timezone.is_aware(value) else value


class DeskIndexView(IndexView):
    """A desk listing: only the rows the user may see, searchable, filterable, sortable, with counts per
    state and an XLSX/CSV export of the filtered listing (phones masked without the permission)."""

    results_template_name = "submissions/admin/index_results.html"
    select_related = ()
    prefetch_related = ()
    state_enum = None
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        dt.datetime: {IndexView.FORMAT_XLSX: _china_naive, IndexView.FORMAT_CSV: lambda v: _china_naive(v).isoformat()},
    }

    def write_csv_row(self, writer, row_dict):
        """Wagtail's CSV row with every cell neutralised against formulas (home.spreadsheets); its XLSX
        writer already stores such text as text."""
        return writer.writerow(
            {
                field: safe_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def get_base_queryset(self):
        queryset = self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"])
        return queryset.select_related(*self.select_related).prefetch_related(*self.prefetch_related)

    def to_row_dict(self, item):
        return {name: self.export_value(item, name) for name in self.list_export}

    def export_value(self, item, name):
        if name == "phone":
            return review.phone_for(self.request.user, item.phone)
        try:
            return multigetattr(item, name)
        except AttributeError:  # an empty relation on the way, e.g. no industry
            return ""

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        counts = dict(
            self.object_list.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
        )
        context["state_counts"] = [
            {"value": value, "label": label, "count": counts[value]}
            for value, label in self.state_enum.choices
            if counts.get(value)
        ]
        context["can_batch"] = False
        return context


class ApplicationIndexView(DeskIndexView):
    select_related = ("notice", "area", "target_industry")
    state_enum = ApplicationState

    @cached_property
    def can_batch(self):
        return self.permission_policy.user_has_permission(self.request.user, "transition")

    @cached_property
    def columns(self):
        columns = super().columns
        if self.can_batch:
            columns = [SelectColumn("select", label=gettext_lazy("Select")), *columns]
        return columns

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if PROVINCIAL_EDITOR in user_roles(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Draft a publicity notice"),
                    url=reverse("submissions_application:publicity_draft"),
                    icon_name="doc-empty-inverse",
                )
            )
        return buttons

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        roles = user_roles(self.request.user)
        context["can_batch"] = self.can_batch
        context["batch_url"] = reverse("submissions_application:batch")
        context["batch_actions"] = [t for t in APPLICATION_TRANSITIONS if t.role in roles]
        return context


class ObjectionIndexView(DeskIndexView):
    select_related = ("notice",)
    prefetch_related = ("entries__center",)
    state_enum = ObjectionState

    def export_value(self, item, name):
        if name == "entries":
            return "、".join(str(entry) for entry in item.entries.all())
        return super().export_value(item, name)


class DeskInspectView(InspectView):
    """A submission with all its data, files, Art. 9 flag, ban check, history and the steps the user may
    take now (a POST here takes one)."""

    template_name = "submissions/admin/inspect.html"
    page_title = gettext_lazy("Review")
    prefetch = ()

    def get_object(self, queryset=None):
        # Runs in setup(), before dispatch() checks the policy: refuse users without a desk role first, so
        # they get 403 like on the listing; rows outside a user's scope are 404 (their existence is not told).
        if not self.permission_policy.user_has_permission(self.request.user, "view"):
            raise PermissionDenied
        queryset = self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"])
        return get_object_or_404(
            queryset.select_related(*self.select_related).prefetch_related(*self.prefetch), pk=self.pk
        )

    select_related = ()

    def get_fields(self):
        return []

    @cached_property
    def transitions(self):
        return review.available_transitions(self.request.user, self.object)

    def get_form(self, data=None):
        initial = {"reply": self.object.reply}
        return TransitionForm(data, transitions=self.transitions, initial=initial, prefix="transition")

    def post(self, request, *args, **kwargs):
        if not self.transitions:
            raise PermissionDenied
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                review.submission_transition(
                    submission=self.object,
                    action=form.cleaned_data["action"],
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    reply=form.cleaned_data["reply"],
                )
            except review.TransitionRefused as refusal:
                form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
            else:
                messages.success(
                    request,
                    _("%(receipt)s is now “%(state)s”.")
                    % {"receipt": self.object, "state": self.object.get_state_display()},
                )
                return HttpResponseRedirect(request.path)
        messages.error(request, _("The step was not taken. Correct the errors below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or (self.get_form() if self.transitions else None)
        states = ApplicationState if isinstance(self.object, Application) else ObjectionState
        labels = dict(states.choices)
        history = list(self.object.history.select_related("actor"))
        for change in history:
            change.from_label = labels.get(change.from_state, change.from_state)
            change.to_label = labels.get(change.to_state, change.to_state)
        context["history"] = history
        context["conditions"] = None
        context["attachments"] = list(self.object.attachments.all())
        context["phone"] = review.phone_for(self.request.user, self.object.phone)
        context["attachment_url_name"] = "submissions_attachment"
        return context


class ApplicationInspectView(DeskInspectView):
    select_related = ("notice", "area", "target_industry", "publicity_entry__notice")
    prefetch = ("members", "assigned_experts")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        statements = application.condition_statements or {}
        context["conditions"] = [
            {"condition": c, "statement": statements.get(c.key, "")} for c in conditions_for(application.kind)
        ]
        # Art. 16 binds at every step, so the ban shown is the one in force today.
        context["ban"] = active_ban_for(application.lead_unit_credit_code, on=timezone.localdate())
        context["in_publicity"] = application.state == ApplicationState.IN_PUBLICITY
        context["publicity_check"] = (
            review.publicity_refusal(application, at=timezone.now()) if context["in_publicity"] else None
        )
        return context


class ObjectionInspectView(DeskInspectView):
    select_related = ("notice", "related_to")
    prefetch = (Prefetch("entries"),)


class AttachmentDownloadView(View):
    """Staff download of a submission's file, allowed exactly when `review.can_view_attachment` says so;
    anyone else gets a 404 (the file's existence is not revealed)."""

    def get(self, request, pk):
        attachment = get_object_or_404(
            Attachment.objects.select_related("application", "objection", "change_report", "evaluation"), pk=pk
        )
        if not review.can_view_attachment(request.user, attachment):
            raise Http404
        response = FileResponse(
            files.open_stored(attachment.file.name),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class BatchTransitionView(AdminScreenMixin, View):
    """Confirm and take one step with one note on the applications selected in the listing. GET (from the
    listing's batch form) shows what was selected and which can take the step; POST takes it."""

    template_name = "submissions/admin/batch.html"
    page_title = gettext_lazy("Move selected applications")
    header_icon = "list-ul"
    permission_policy = None

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "transition"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def role_transitions(self):
        roles = user_roles(self.request.user)
        return [t for t in APPLICATION_TRANSITIONS if t.role in roles]

    def selected(self, data):
        ids = [i for i in data.getlist("id") if is_id(i)]
        return list(
            review.applications_visible_to(self.request.user)
            .filter(pk__in=ids)
            .select_related("area", "notice")
            .order_by("receipt_number")
        )

    def render(self, form, applications, status=200):
        action = form.data.get("action") or form.initial.get("action")
        eligible = {t.source for t in self.role_transitions if t.name == action}
        context = self.get_context_data(
            form=form,
            rows=[{"application": a, "eligible": a.state in eligible} for a in applications],
            index_url=reverse("submissions_application:index"),
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request):
        applications = self.selected(request.GET)
        form = BatchTransitionForm(transitions=self.role_transitions, initial={"action": request.GET.get("action")})
        if not applications:
            messages.error(request, _("Select at least one application."))
            return HttpResponseRedirect(reverse("submissions_application:index"))
        return self.render(form, applications)

    def post(self, request):
        applications = self.selected(request.POST)
        form = BatchTransitionForm(request.POST, transitions=self.role_transitions)
        if not applications:
            form.add_error(None, _("Select at least one application."))
        if not form.is_valid():
            return self.render(form, applications, status=400)
        outcome = review.applications_transition_batch(
            applications=applications,
            action=form.cleaned_data["action"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
        if outcome.moved:
            messages.success(
                request,
                _("Moved %(count)s: %(receipts)s.")
                % {"count": len(outcome.moved), "receipts": ", ".join(str(a) for a in outcome.moved)},
            )
        for application, reason in outcome.refused:
            messages.error(request, _("%(receipt)s not moved: %(reason)s") % {"receipt": application, "reason": reason})
        return HttpResponseRedirect(reverse("submissions_application:index"))


class PublicityDraftView(AdminScreenMixin, View):
    """Art. 10: from a round's applications approved for publicity, create a draft 公示 for editors to
    review and publish through the notices workflow. Provincial editors only."""

    template_name = "submissions/admin/publicity_draft.html"
    page_title = gettext_lazy("Draft a publicity notice")
    header_icon = "doc-empty-inverse"

    def dispatch(self, request, *args, **kwargs):
        if PROVINCIAL_EDITOR not in user_roles(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200):
        context = self.get_context_data(form=form, index_url=reverse("submissions_application:index"))
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(PublicityDraftForm())

    def post(self, request):
        form = PublicityDraftForm(request.POST)
        if form.is_valid():
            try:
                notice = review.publicity_draft_create(round_notice=form.cleaned_data["round"], actor=request.user)
            except review.TransitionRefused as refusal:
                form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
            else:
                messages.success(
                    request,
                    _("Draft publicity notice “%(title)s” created with %(count)s entries. Review and publish it.")
                    % {"title": notice.title, "count": notice.entries.count()},
                )
                if notice.calendar_warning:
                    advice = _("The draft has no end date yet: enter it, or the year's schedule, before publishing.")
                    messages.warning(request, f"{notice.calendar_warning} {advice}")
                return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[notice.pk]))
        return self.render(form, status=400)
