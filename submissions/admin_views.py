"""The review desk in the Wagtail admin: listings, detail pages with history and transitions, batch moves,
the draft 公示 of a round, staff attachment downloads, exports and the dashboard panels.

Every decision (who sees which row, who may take which step, what a step does) is made in
`submissions.review`; these views only bind requests to it. Staff never add, edit or delete a
submission here: the public submits, the service moves.
"""

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_filters import BooleanFilter, ChoiceFilter, ModelChoiceFilter
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BaseColumn, BooleanColumn, Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr
from wagtail.models import Locale

from directory.lifecycle import active_ban_for
from directory.models import Area, CenterKind, ReviewerArea
from home.roles import OBJECTION_HANDLER, PROVINCIAL_EDITOR, user_roles
from notices import windows
from submissions import review
from submissions.models import Application, Attachment, Objection
from submissions.states import APPLICATION_TRANSITIONS, ApplicationState, ObjectionState

CHINA = windows.CHINA

# --- Filters ---------------------------------------------------------------------------------------


def _default_locale_areas(request=None):
    return Area.objects.filter(locale=Locale.get_default()).order_by("sort_order", "name")


def _application_rounds(request=None):
    from notices.models import ApplicationNotice

    return ApplicationNotice.objects.filter(locale=Locale.get_default()).order_by("-round_year", "-pk")


def _publicity_notices(request=None):
    from notices.models import PublicityNotice

    return PublicityNotice.objects.filter(locale=Locale.get_default()).order_by("-period_starts_on", "-pk")


class ApplicationFilterSet(WagtailFilterSet):
    """Narrow the application desk by round, state, area, kind and the Art. 9 flag. Round and area match
    every translation of the chosen page or area."""

    notice = ModelChoiceFilter(label=gettext_lazy("Round"), queryset=_application_rounds, method="filter_round")
    state = ChoiceFilter(
        label=gettext_lazy("State"), choices=[c for c in ApplicationState.choices if c[0] != ApplicationState.DRAFT]
    )
    area = ModelChoiceFilter(label=gettext_lazy("Area"), queryset=_default_locale_areas, method="filter_area")
    kind = ChoiceFilter(label=gettext_lazy("Kind of center"), choices=CenterKind.choices)
    duplicate_flag = BooleanFilter(label=gettext_lazy("Area or industry already has a center"))

    class Meta:
        model = Application
        fields = ["notice", "state", "area", "kind", "duplicate_flag"]

    def filter_round(self, queryset, name, value):
        return queryset.filter(notice__translation_key=value.translation_key) if value else queryset

    def filter_area(self, queryset, name, value):
        return queryset.filter(area__translation_key=value.translation_key) if value else queryset


class ObjectionFilterSet(WagtailFilterSet):
    notice = ModelChoiceFilter(label=gettext_lazy("Publicity"), queryset=_publicity_notices, method="filter_notice")
    state = ChoiceFilter(label=gettext_lazy("State"), choices=ObjectionState.choices)

    class Meta:
        model = Objection
        fields = ["notice", "state"]

    def filter_notice(self, queryset, name, value):
        return queryset.filter(notice__translation_key=value.translation_key) if value else queryset


# --- Listing ---------------------------------------------------------------------------------------


class SelectColumn(BaseColumn):
    """A checkbox per row that belongs to the batch form below the table (HTML `form=` attribute), so
    selecting and moving several applications works without JavaScript."""

    header_template_name = "submissions/admin/select_header.html"
    cell_template_name = "submissions/admin/select_cell.html"


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
        from wagtail.admin.widgets.button import HeaderButton

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


# --- Detail and transitions ------------------------------------------------------------------------


class TransitionForm(forms.Form):
    """One step on one submission: the named action (only those the user may take now), a note for the
    record and, for objections, the reply the objector reads."""

    action = forms.ChoiceField(label=gettext_lazy("Action"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=gettext_lazy("Note for the record"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Why you take this step. Kept in the history; staff only."),
    )
    reply = forms.CharField(
        label=gettext_lazy("Reply to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown on the submitter's status page. Required to close an objection."),
    )

    def __init__(self, *args, transitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(t.name, t.label) for t in transitions]
        self.fields["action"].error_messages["required"] = _("Choose an action.")
        self.fields["note"].error_messages["required"] = _("Enter a note saying why.")


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
    select_related = ("notice", "area", "target_industry")
    prefetch = ("members", "assigned_experts")

    def get_context_data(self, **kwargs):
        from submissions.conditions import conditions_for

        context = super().get_context_data(**kwargs)
        application = self.object
        statements = application.condition_statements or {}
        context["conditions"] = [
            {"condition": c, "statement": statements.get(c.key, "")} for c in conditions_for(application.kind)
        ]
        context["ban"] = active_ban_for(
            application.lead_unit_credit_code, on=windows.china_today(application.submitted_at or None)
        )
        return context


class ObjectionInspectView(DeskInspectView):
    select_related = ("notice", "related_to")
    prefetch = (Prefetch("entries"),)


class AttachmentDownloadView(View):
    """Staff download of a submission's file, allowed exactly when `review.can_view_attachment` says so;
    anyone else gets a 404 (the file's existence is not revealed)."""

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.select_related("application", "objection"), pk=pk)
        if not review.can_view_attachment(request.user, attachment):
            raise Http404
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# --- Batch steps and the draft 公示 ----------------------------------------------------------------


class BatchTransitionForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Action"))
    note = forms.CharField(
        label=gettext_lazy("Note for the record"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The same note is recorded on every selected application."),
    )

    def __init__(self, *args, transitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "---------")] + [(t.name, t.label) for t in transitions]
        self.fields["action"].error_messages["required"] = _("Choose an action.")
        self.fields["note"].error_messages["required"] = _("Enter a note saying why.")


class BatchTransitionView(WagtailAdminTemplateMixin, View):
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
        ids = [i for i in data.getlist("id") if i.isdigit()]
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


class PublicityDraftForm(forms.Form):
    round = forms.ModelChoiceField(label=gettext_lazy("Round"), queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = _application_rounds()
        self.fields["round"].queryset = rounds
        counts = dict(
            Application.objects.filter(state=ApplicationState.IN_PUBLICITY)
            .order_by()
            .values_list("notice__translation_key")
            .annotate(n=Count("pk"))
            .values_list("notice__translation_key", "n")
        )
        self.fields["round"].label_from_instance = lambda notice: (
            _("%(title)s (%(count)s approved for publicity)")
            % {
                "title": notice.title,
                "count": counts.get(notice.translation_key, 0),
            }
        )


class PublicityDraftView(WagtailAdminTemplateMixin, View):
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
                return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[notice.pk]))
        return self.render(form, status=400)


# --- Viewsets --------------------------------------------------------------------------------------


class DeskViewSet(ModelViewSet):
    """What both desks share: a row-level permission policy, no add/edit/delete/copy, the detail page
    as the object's admin URL, and only the permissions that mean something registered for groups."""

    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    list_per_page = 50

    @cached_property
    def permission_policy(self):
        return review.SubmissionPermissionPolicy(self.model)

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add_url_name", "edit_url_name", "delete_url_name", "copy_url_name", "usage_url_name"):
            view_kwargs[name] = None
        view_kwargs["history_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    @property
    def url_finder_class(self):
        policy, url_name = self.permission_policy, self.get_url_name("inspect")

        class DeskURLFinder(ModelAdminURLFinder):
            def get_edit_url(self, instance):
                if self.user and not policy.user_has_permission_for_instance(self.user, "view", instance):
                    return None
                return reverse(url_name, args=(quote(instance.pk),))

        return DeskURLFinder

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename="view_unmasked_phone")


class ApplicationViewSet(DeskViewSet):
    model = Application
    icon = "doc-full"
    menu_label = gettext_lazy("Applications")
    name = "submissions_application"
    url_prefix = "desk/applications"
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    filterset_class = ApplicationFilterSet
    search_fields = ["receipt_number", "lead_unit_name", "lead_unit_credit_code", "proposed_name"]
    ordering = ["-submitted_at", "-pk"]
    list_display = [
        "receipt_number",
        "lead_unit_name",
        Column("area", label=gettext_lazy("Area"), accessor="area.name", sort_key="area__sort_order"),
        Column("kind", label=gettext_lazy("Kind of center"), accessor="get_kind_display", sort_key="kind"),
        StatusTagColumn("get_state_display", label=gettext_lazy("State"), sort_key="state", primary=True),
        BooleanColumn("duplicate_flag", label=gettext_lazy("Flagged (Art. 9)"), sort_key="duplicate_flag"),
        DateColumn("submitted_at", label=gettext_lazy("Submitted at"), sort_key="submitted_at"),
    ]
    list_export = [
        "receipt_number",
        "notice.title",
        "lead_unit_name",
        "lead_unit_credit_code",
        "get_unit_type_display",
        "area.name",
        "get_kind_display",
        "target_industry.name",
        "proposed_name",
        "get_state_display",
        "duplicate_flag",
        "duplicate_note",
        "contact_name",
        "phone",
        "email",
        "submitted_at",
    ]
    export_headings = {
        "receipt_number": gettext_lazy("Receipt number"),
        "notice.title": gettext_lazy("Round"),
        "lead_unit_name": gettext_lazy("Lead unit"),
        "lead_unit_credit_code": gettext_lazy("Unified social credit code"),
        "get_unit_type_display": gettext_lazy("Type of unit"),
        "area.name": gettext_lazy("Area"),
        "get_kind_display": gettext_lazy("Kind of center"),
        "target_industry.name": gettext_lazy("Industry"),
        "proposed_name": gettext_lazy("Proposed center name"),
        "get_state_display": gettext_lazy("State"),
        "duplicate_flag": gettext_lazy("Area or industry already has a center"),
        "duplicate_note": gettext_lazy("Existing center"),
        "contact_name": gettext_lazy("Contact person"),
        "phone": gettext_lazy("Phone"),
        "email": gettext_lazy("Email"),
        "submitted_at": gettext_lazy("Submitted at"),
    }
    export_filename = "applications"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "batch/",
                BatchTransitionView.as_view(permission_policy=self.permission_policy),
                name="batch",
            ),
            path("publicity-draft/", PublicityDraftView.as_view(), name="publicity_draft"),
        ]


class ObjectionViewSet(DeskViewSet):
    model = Objection
    icon = "warning"
    menu_label = gettext_lazy("Objections")
    name = "submissions_objection"
    url_prefix = "desk/objections"
    index_view_class = ObjectionIndexView
    inspect_view_class = ObjectionInspectView
    filterset_class = ObjectionFilterSet
    search_fields = ["receipt_number", "real_name", "unit"]
    ordering = ["-submitted_at", "-pk"]
    list_display = [
        "receipt_number",
        "real_name",
        "unit",
        Column("notice", label=gettext_lazy("Publicity"), accessor="notice.title"),
        StatusTagColumn("get_state_display", label=gettext_lazy("State"), sort_key="state", primary=True),
        DateColumn("submitted_at", label=gettext_lazy("Submitted at"), sort_key="submitted_at"),
    ]
    list_export = [
        "receipt_number",
        "notice.title",
        "entries",
        "real_name",
        "unit",
        "get_state_display",
        "contact_name",
        "phone",
        "email",
        "submitted_at",
        "reply",
    ]
    export_headings = {
        "receipt_number": gettext_lazy("Receipt number"),
        "notice.title": gettext_lazy("Publicity"),
        "entries": gettext_lazy("Entries objected to"),
        "real_name": gettext_lazy("Real name"),
        "unit": gettext_lazy("Unit"),
        "get_state_display": gettext_lazy("State"),
        "contact_name": gettext_lazy("Contact person"),
        "phone": gettext_lazy("Phone"),
        "email": gettext_lazy("Email"),
        "submitted_at": gettext_lazy("Submitted at"),
        "reply": gettext_lazy("Reply to the submitter"),
    }
    export_filename = "objections"


class ReviewerAreaViewSet(ModelViewSet):
    """Which city-bureau reviewer covers which area; kept by provincial editors."""

    model = ReviewerArea
    icon = "site"
    menu_label = gettext_lazy("Reviewer areas")
    name = "submissions_reviewerarea"
    url_prefix = "desk/reviewer-areas"
    form_fields = ["user", "area"]
    list_display = ["user", "area"]
    copy_view_enabled = False
    add_to_reference_index = False


class ReviewDeskGroup(ViewSetGroup):
    menu_label = gettext_lazy("Review desk")
    menu_icon = "tasks"
    menu_order = 250
    items = (ApplicationViewSet, ObjectionViewSet, ReviewerAreaViewSet)


# --- Dashboard -------------------------------------------------------------------------------------


class DeskPanel(Component):
    """The review desk on the admin home: what is waiting for the user's roles, the open application
    windows with their submission counts, and the 公示 ending within two working days with their
    objection counts. Shown only to users who hold a desk role."""

    name = "review_desk"
    template_name = "submissions/admin/dashboard_panel.html"
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        user = self.request.user
        at = timezone.now()
        roles = user_roles(user)
        sees_objections = bool(roles & {PROVINCIAL_EDITOR, OBJECTION_HANDLER})
        return {
            "waiting": [
                {
                    "item": item,
                    "url": reverse(f"submissions_{item.kind}:index") + "?" + urlencode({"state": item.state}),
                }
                for item in review.waiting_on(user)
            ],
            "open_rounds": review.open_rounds_with_counts(user, at=at),
            "ending_soon": review.publicity_ending_soon_with_counts(user, at=at) if sees_objections else [],
            "sees_objections": sees_objections,
            "application_index": reverse("submissions_application:index"),
        }


def attachment_urlpatterns():
    return [path("desk/attachments/<int:pk>/", AttachmentDownloadView.as_view(), name="submissions_attachment")]
