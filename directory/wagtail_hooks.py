"""Registration only: the directory's snippets, and the lifecycle desk's viewset, URLs, menu and home
panel (Art. 15–17), all defined in `directory.admin_views`."""

from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from directory.admin_views import urls as lifecycle_urls
from directory.admin_views.access import can_use_lifecycle_desk
from directory.admin_views.menus import lifecycle_menu_item
from directory.admin_views.panels import NeedsActionPanel
from directory.admin_views.viewsets import DirectoryViewSetGroup, revocation_viewset

register_snippet(DirectoryViewSetGroup)


@hooks.register("register_admin_viewset")
def register_revocation_viewset():
    return revocation_viewset


@hooks.register("register_admin_urls")
def register_lifecycle_urls():
    return [path("", include(lifecycle_urls, namespace="lifecycle"))]


@hooks.register("register_admin_menu_item")
def register_lifecycle_menu():
    return lifecycle_menu_item()


@hooks.register("construct_homepage_panels")
def add_needs_action_panel(request, panels):
    if can_use_lifecycle_desk(request.user):
        panels.append(NeedsActionPanel(request))
