"""Staff roles as Django groups, with the permissions each needs. Created by the demo loader and kept
in step by `ensure_roles()`, which is safe to run again."""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

PROVINCIAL_EDITORS = "Provincial editors"
CITY_REVIEWERS = "City bureau reviewers"
OBJECTION_HANDLERS = "Objection handlers"
EXPERT_REVIEWERS = "Expert reviewers"

ROLE_LABELS = {
    PROVINCIAL_EDITORS: _("Provincial editors"),
    CITY_REVIEWERS: _("City bureau reviewers"),
    OBJECTION_HANDLERS: _("Objection handlers"),
    EXPERT_REVIEWERS: _("Expert reviewers"),
}

# Model permissions per role, as "app_label.codename".
ROLE_PERMISSIONS: dict[str, list[str]] = {
    PROVINCIAL_EDITORS: [
        "wagtailadmin.access_admin",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "directory.add_area",
        "directory.change_area",
        "directory.add_industry",
        "directory.change_industry",
        "directory.add_service",
        "directory.change_service",
    ],
    CITY_REVIEWERS: ["wagtailadmin.access_admin"],
    OBJECTION_HANDLERS: ["wagtailadmin.access_admin"],
    EXPERT_REVIEWERS: ["wagtailadmin.access_admin"],
}

# Page permissions of provincial editors on the whole site tree.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def ensure_roles(*, site_root=None) -> dict[str, Group]:
    groups = {}
    for name, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)
        groups[name] = group
    if site_root is not None:
        from wagtail.models import GroupPagePermission

        for codename in EDITOR_PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(
                group=groups[PROVINCIAL_EDITORS], page=site_root, permission=permission
            )
    return groups
