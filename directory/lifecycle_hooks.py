"""Registration only: the lifecycle desk's menu, URLs, viewset and dashboard panel (Art. 15–17).
Imported from `directory/wagtail_hooks.py`."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from directory import lifecycle_views as views


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users holding `permission` (None: any lifecycle permission)."""

    def __init__(self, *args, permission=None, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        if self.permission is None:
            return views.can_use_lifecycle_desk(request.user)
        return request.user.has_perm(self.permission)


class LifecycleSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return views.can_use_lifecycle_desk(request.user) and super().is_shown(request)


revocation_viewset = views.RevocationViewSet("revocations")


@hooks.register("register_admin_viewset")
def register_revocation_viewset():
    return revocation_viewset


@hooks.register("register_admin_urls")
def register_lifecycle_urls():
    return [path("", include((views.urlpatterns(), "lifecycle"), namespace="lifecycle"))]


@hooks.register("register_admin_menu_item")
def register_lifecycle_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("Centers needing action"), reverse("lifecycle:needs_action"), icon_name="warning", order=100
            ),
            PermissionMenuItem(
                _("Change reports"),
                reverse("lifecycle:change_reports"),
                icon_name="doc-full",
                order=200,
                permission=views.DECIDE_CHANGES,
            ),
            PermissionMenuItem(
                _("Propose a revocation"),
                reverse("lifecycle:proposal_create"),
                icon_name="plus",
                order=300,
                permission=views.PROPOSE,
            ),
            PermissionMenuItem(
                _("Active bans"),
                reverse("lifecycle:active_bans"),
                icon_name="lock",
                order=400,
                permission=views.VIEW_REVOCATIONS,
            ),
            PermissionMenuItem(
                _("Revocations"),
                reverse(revocation_viewset.get_url_name("index")),
                icon_name="list-ul",
                order=500,
                permission=views.VIEW_REVOCATIONS,
            ),
        ]
    )
    return LifecycleSubmenu(_("Center lifecycle"), menu, icon_name="warning", name="lifecycle", order=350)


@hooks.register("construct_homepage_panels")
def add_needs_action_panel(request, panels):
    if views.can_use_lifecycle_desk(request.user):
        panels.append(views.NeedsActionPanel(request))
