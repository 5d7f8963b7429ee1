"""Registration only: the review desk's menu, viewsets, URLs and dashboard panels, the change-report
desk (Art. 17), the audit-log action, and the public forms and counts that notice and center pages show
(hooks defined by `notices.models` and `directory.models`)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from directory.models.centers import CENTER_CHANGE_REPORT_FORM_HOOK, CENTER_EVALUATION_FORM_HOOK
from directory.models.events import EVENT_PAGE_PANELS_HOOK, EVENT_REGISTRATION_FORM_HOOK, EventPage
from home.figures import FIGURES_SECTIONS_HOOK
from home.roles import user_roles
from notices.models import (
    APPLICATION_FORM_HOOK,
    NOTICE_PAGE_PANELS_HOOK,
    OBJECTION_FORM_HOOK,
    ApplicationNotice,
    PublicityNotice,
)
from submissions import evaluation_views, figures, services, views
from submissions.admin_views import registrations as registration_admin
from submissions.admin_views import urls
from submissions.admin_views.panels import ChangeReportsPanel, DeskPanel
from submissions.admin_views.viewsets import ReviewDeskGroup
from submissions.evaluation_review import EVALUATION_LOG_ACTION, EVALUATION_STEP_LABELS, can_use_evaluation_desk
from submissions.registrations import views as registration_views
from submissions.review import TRANSITION_LOG_ACTION, can_decide_change_reports
from submissions.states import APPLICATION_TRANSITIONS, OBJECTION_TRANSITIONS

NOTICE_SUBMISSIONS_TEMPLATE = "submissions/includes/notice_submissions.html"


class ChangeReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_decide_change_reports(request.user)


class EvaluationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_evaluation_desk(request.user)


@hooks.register("register_admin_menu_item")
def register_evaluation_menu():
    return EvaluationMenuItem(
        _("Yearly evaluation"), reverse("submissions_evaluations:index"), icon_name="list-ol", order=255
    )


@hooks.register("register_admin_viewset")
def register_review_desk():
    return ReviewDeskGroup()


@hooks.register("register_admin_urls")
def register_desk_urls():
    return urls.urlpatterns()


@hooks.register("register_admin_menu_item")
def register_change_reports_menu():
    return ChangeReportsMenuItem(
        _("Change reports"), reverse("submissions_change_reports:index"), icon_name="doc-full", order=260
    )


@hooks.register("construct_homepage_panels")
def add_review_desk_panels(request, panels):
    if user_roles(request.user):
        panels.append(DeskPanel(request))
    if can_decide_change_reports(request.user):
        panels.append(ChangeReportsPanel())


@hooks.register("register_log_actions")
def register_transition_log_action(actions):
    labels = {t.name: t.label for t in (*APPLICATION_TRANSITIONS, *OBJECTION_TRANSITIONS)}

    @actions.register_action(TRANSITION_LOG_ACTION)
    class TransitionLogFormatter(LogFormatter):
        label = _("Review step")

        def format_message(self, log_entry):
            return str(labels.get(log_entry.data.get("action"), log_entry.data.get("action", "")))

        def format_comment(self, log_entry):
            return log_entry.data.get("note", "")

    @actions.register_action(EVALUATION_LOG_ACTION)
    class EvaluationLogFormatter(LogFormatter):
        label = _("Evaluation step")

        def format_message(self, log_entry):
            data = log_entry.data
            step = str(EVALUATION_STEP_LABELS.get(data.get("action"), data.get("action", "")))
            return f"{step}: {data['grade']}" if data.get("grade") else step

        def format_comment(self, log_entry):
            return log_entry.data.get("note", "")


# A notice's apply/ and objection/ routes answer with these views: `(request, notice) -> HttpResponse`.
hooks.register(APPLICATION_FORM_HOOK, views.application_form)
hooks.register(OBJECTION_FORM_HOOK, views.objection_form)


@hooks.register(NOTICE_PAGE_PANELS_HOOK)
def notice_submission_counts_panel(request, notice):
    """The public counts of applications or objections at the end of a notice's page."""
    if isinstance(notice, ApplicationNotice | PublicityNotice):
        return NOTICE_SUBMISSIONS_TEMPLATE, {}
    return None


hooks.register(FIGURES_SECTIONS_HOOK, figures.intake_sections)

# A center page's report-change/ (Art. 17) and evaluation/ (Art. 12–13) routes.
hooks.register(CENTER_CHANGE_REPORT_FORM_HOOK, views.change_report_form)
hooks.register(CENTER_EVALUATION_FORM_HOOK, evaluation_views.evaluation_form)

# An event page's register/ route and its places-left panel (Art. 18).
hooks.register(EVENT_REGISTRATION_FORM_HOOK, registration_views.registration_form)
hooks.register(EVENT_PAGE_PANELS_HOOK, registration_views.event_registration_panel)


@hooks.register("after_publish_page")
def refill_waiting_list(request, page):
    """An editor may have raised an event's capacity: the waiting list moves up into the new places."""
    if isinstance(page, EventPage):
        services.waiting_list_refill(event=page, at=timezone.now())


class EventRegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return registration_admin.can_see_registrations(request.user)


@hooks.register("register_admin_menu_item")
def register_event_registrations_menu():
    return EventRegistrationsMenuItem(
        _("Event registrations"), reverse("submissions_registrations:index"), icon_name="group", order=270
    )
