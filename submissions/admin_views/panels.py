"""The review desk and the change reports (Art. 17) on the admin home."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext
from wagtail.admin.ui.components import Component

from home.roles import OBJECTION_HANDLER, PROVINCIAL_EDITOR, user_roles
from notices import windows
from submissions import review
from submissions.models import ChangeReport, ChangeReportState


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
            "waiting": [_waiting_line(item) for item in review.waiting_on(user)],
            "open_rounds": review.open_rounds_with_counts(user, at=at),
            "ending_soon": review.publicity_ending_soon_with_counts(user, at=at) if sees_objections else [],
            "ending_soon_warning": (
                review.publicity_ending_soon_warning(windows.china_today(at)) if sees_objections else ""
            ),
            "sees_objections": sees_objections,
            "application_index": reverse("submissions_application:index"),
        }


def _waiting_line(item) -> str:
    """One line of "Waiting for you", in the language's punctuation: "received: 2 (objections)" /
    "已受理：2（异议）", the state a link to those submissions."""
    url = reverse(f"submissions_{item.kind}:index") + "?" + urlencode({"state": item.state})
    return format_html(
        pgettext("the review desk: a state, how many, of what", "{state}: {count} ({kind})"),
        state=format_html('<a href="{}">{}</a>', url, item.label),
        count=format_html("<strong>{}</strong>", item.count),
        kind=gettext("applications") if item.kind == "application" else gettext("objections"),
    )


class ChangeReportsPanel(Component):
    """Art. 17 on the admin home: change reports pending, how many of them overdue, with the first few
    (overdue first). Shown to holders of `submissions.decide_changereport`."""

    name = "change_reports"
    template_name = "submissions/change_reports/admin/dashboard_panel.html"
    order = 96
    shown = 5

    def get_context_data(self, parent_context):
        pending = ChangeReport.objects.filter(state=ChangeReportState.PENDING)
        first = pending.with_overdue().select_related("center").order_by("-overdue", "due_on", "pk")[: self.shown]
        return {
            "total": pending.count(),
            "overdue": pending.overdue().count(),
            "reports": list(first),
            "index_url": reverse("submissions_change_reports:index"),
        }
