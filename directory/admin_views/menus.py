"""The "Center lifecycle" admin menu: each item shown only to users who may use it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from directory.admin_views.access import PROPOSE, VIEW_REVOCATIONS, can_use_lifecycle_desk
from directory.admin_views.imports import can_import
from directory.admin_views.viewsets import revocation_viewset


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users holding `permission` (None: any lifecycle permission)."""

    def __init__(self, *args, permission=None, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        if self.permission is None:
            return can_use_lifecycle_desk(request.user)
        return request.user.has_perm(self.permission)


class LifecycleSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return can_use_lifecycle_desk(request.user) and super().is_shown(request)


def lifecycle_menu_item() -> LifecycleSubmenu:
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("Centers needing action"), reverse("lifecycle:needs_action"), icon_name="warning", order=100
            ),
            PermissionMenuItem(
                _("Propose a revocation"),
                reverse("lifecycle:proposal_create"),
                icon_name="plus",
                order=300,
                permission=PROPOSE,
            ),
            PermissionMenuItem(
                _("Active bans"),
                reverse("lifecycle:active_bans"),
                icon_name="lock",
                order=400,
                permission=VIEW_REVOCATIONS,
            ),
            PermissionMenuItem(
                _("Revocations"),
                reverse(revocation_viewset.get_url_name("index")),
                icon_name="list-ul",
                order=500,
                permission=VIEW_REVOCATIONS,
            ),
        ]
    )
    return LifecycleSubmenu(_("Center lifecycle"), menu, icon_name="warning", name="lifecycle", order=350)


class ImportMenuItem(MenuItem):
    """ "Import records": shown to provincial editors and superusers only."""

    def is_shown(self, request):
        return can_import(request.user)


def import_menu_item() -> ImportMenuItem:
    return ImportMenuItem(
        _("Import records"), reverse("directory_import:index"), icon_name="upload", name="directory-import", order=260
    )
