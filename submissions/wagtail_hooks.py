"""Registration only: the review desk's menu, viewsets, URLs, dashboard panel and audit-log action; the
public forms and counts that notice pages show (hooks defined by `notices.models`)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from home.roles import user_roles
from notices.models import (
    APPLICATION_FORM_HOOK,
    NOTICE_PAGE_PANELS_HOOK,
    OBJECTION_FORM_HOOK,
    ApplicationNotice,
    PublicityNotice,
)
from submissions import admin_views
from submissions import views as public_views
from submissions.review import TRANSITION_LOG_ACTION
from submissions.states import APPLICATION_TRANSITIONS, OBJECTION_TRANSITIONS

NOTICE_SUBMISSIONS_TEMPLATE = "submissions/includes/notice_submissions.html"


@hooks.register("register_admin_viewset")
def register_review_desk():
    return admin_views.ReviewDeskGroup()


@hooks.register("register_admin_urls")
def register_attachment_download():
    return admin_views.attachment_urlpatterns()


@hooks.register("construct_homepage_panels")
def add_review_desk_panel(request, panels):
    if user_roles(request.user):
        panels.append(admin_views.DeskPanel(request))


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


# A notice's apply/ and objection/ routes answer with these views: `(request, notice) -> HttpResponse`.
hooks.register(APPLICATION_FORM_HOOK, public_views.application_form)
hooks.register(OBJECTION_FORM_HOOK, public_views.objection_form)


@hooks.register(NOTICE_PAGE_PANELS_HOOK)
def notice_submission_counts_panel(request, notice):
    """The public counts of applications or objections at the end of a notice's page."""
    if isinstance(notice, ApplicationNotice | PublicityNotice):
        return NOTICE_SUBMISSIONS_TEMPLATE, {}
    return None
