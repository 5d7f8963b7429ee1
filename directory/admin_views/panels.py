"""The lifecycle panel on the Wagtail admin home."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from directory import lifecycle
from directory.admin_views.access import area_keys_for


class NeedsActionPanel(Component):
    """On the admin home: how many centers need action, by reason, with a link to each list."""

    name = "lifecycle_needs_action"
    template_name = "directory/lifecycle/admin/dashboard_panel.html"
    order = 95

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        needs = lifecycle.centers_needing_action(on=today, area_keys=area_keys_for(self.request.user))
        return {"needs": needs, "today": today, "index_url": reverse("lifecycle:needs_action")}
