"""The review desk's viewsets (applications, objections, reviewer areas) and their menu group."""

from django.contrib.admin.utils import quote
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from directory.models import CenterManager, ReviewerArea, ReviewerUnit
from home.admin_views.columns import DaysDateColumn, FlagColumn
from submissions import review
from submissions.admin_views.filters import ApplicationFilterSet, ObjectionFilterSet
from submissions.admin_views.views import (
    ApplicationIndexView,
    ApplicationInspectView,
    BatchTransitionView,
    ObjectionIndexView,
    ObjectionInspectView,
    PublicityDraftView,
)
from submissions.models import Application, Objection


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
        FlagColumn(
            "duplicate_flag",
            label=gettext_lazy("Flagged (Art. 9)"),
            flag_text=gettext_lazy("Already has a center"),
            sort_key="duplicate_flag",
        ),
        DaysDateColumn("submitted_at", label=gettext_lazy("Submitted at"), sort_key="submitted_at"),
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
        DaysDateColumn("submitted_at", label=gettext_lazy("Submitted at"), sort_key="submitted_at"),
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


class ReviewerUnitViewSet(ModelViewSet):
    """Which user acts for which recommending unit (Art. 11: an industry center's management unit), so
    that user makes the initial evaluation of its centers (Art. 13); kept by provincial editors with the
    same kind of permission as the reviewer areas (directory.*_reviewerunit)."""

    model = ReviewerUnit
    icon = "group"
    menu_label = gettext_lazy("Management unit users")
    name = "directory_reviewerunit"
    url_prefix = "desk/reviewer-units"
    form_fields = ["user", "unit_name"]
    list_display = ["user", "unit_name"]
    search_fields = ["unit_name", "user__username"]
    copy_view_enabled = False
    add_to_reference_index = False


class CenterManagerViewSet(ModelViewSet):
    """Which user runs which center (its own staff, in the group Center managers): they see the
    registrations of the events that center organises; kept by provincial editors (directory.*_centermanager)."""

    model = CenterManager
    icon = "user"
    menu_label = gettext_lazy("Center managers")
    name = "directory_centermanager"
    url_prefix = "desk/center-managers"
    form_fields = ["user", "center"]
    list_display = ["user", "center"]
    search_fields = ["user__username", "center__title"]
    copy_view_enabled = False
    add_to_reference_index = False


class ReviewDeskGroup(ViewSetGroup):
    menu_label = gettext_lazy("Review desk")
    menu_icon = "tasks"
    menu_order = 250
    items = (ApplicationViewSet, ObjectionViewSet, ReviewerAreaViewSet, ReviewerUnitViewSet, CenterManagerViewSet)
