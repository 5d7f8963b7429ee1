"""What every app's hand-written admin screens share (the apps' own admin views live in their admin_views/)."""

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminScreenMixin(WagtailAdminTemplateMixin):
    """A Wagtail admin screen whose header names the screen: Wagtail shows the last breadcrumb as the
    header, and a view that adds none would be headed "Home"."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]
