"""Staff roles as Django groups, with the permissions each needs. Created by the demo loader and kept
in step by `ensure_roles()`, which is safe to run again.

Each group also stands for a desk role named in `submissions.states` (who may take which transition);
`user_roles()` is the one place that turns a user's groups into those role keys. Which rows each role
sees is decided in `submissions.review`.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

PROVINCIAL_EDITORS = "Provincial editors"
CITY_REVIEWERS = "City bureau reviewers"
OBJECTION_HANDLERS = "Objection handlers"
EXPERT_REVIEWERS = "Expert reviewers"
MANAGEMENT_UNITS = "Management units"
CENTER_MANAGERS = "Center managers"

# The role keys used by the state map in submissions.states.
PROVINCIAL_EDITOR = "provincial_editor"
CITY_REVIEWER = "city_reviewer"
OBJECTION_HANDLER = "objection_handler"
EXPERT = "expert"
MANAGEMENT_UNIT = "management_unit"
CENTER_MANAGER = "center_manager"

ROLE_KEYS = {
    PROVINCIAL_EDITORS: PROVINCIAL_EDITOR,
    CITY_REVIEWERS: CITY_REVIEWER,
    OBJECTION_HANDLERS: OBJECTION_HANDLER,
    EXPERT_REVIEWERS: EXPERT,
    MANAGEMENT_UNITS: MANAGEMENT_UNIT,
    CENTER_MANAGERS: CENTER_MANAGER,
}

ROLE_LABELS = {
    PROVINCIAL_EDITORS: _("Provincial editors"),
    CITY_REVIEWERS: _("City bureau reviewers"),
    OBJECTION_HANDLERS: _("Objection handlers"),
    EXPERT_REVIEWERS: _("Expert reviewers"),
    MANAGEMENT_UNITS: _("Management units (industry departments)"),
    CENTER_MANAGERS: _("Center managers (their centers' event registrations)"),
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
        "submissions.view_unmasked_phone",
        "directory.add_reviewerarea",
        "directory.change_reviewerarea",
        "directory.delete_reviewerarea",
        "directory.view_reviewerarea",
        "directory.add_reviewerunit",
        "directory.change_reviewerunit",
        "directory.delete_reviewerunit",
        "directory.view_reviewerunit",
        "directory.add_centermanager",
        "directory.change_centermanager",
        "directory.delete_centermanager",
        "directory.view_centermanager",
        "directory.add_revocationproposal",
        "directory.decide_revocationproposal",
        "directory.view_revocationproposal",
        "submissions.decide_changereport",
        "submissions.view_changereport",
        "submissions.view_eventregistration",
        "submissions.message_registrants",
        "directory.file_reorganisationtask",
        "directory.view_reorganisationtask",
        "directory.add_revocation",
        "directory.change_revocation",
        "directory.view_revocation",
        # Translate pages and taxonomy snippets with wagtail-localize ("Translate this page").
        "wagtail_localize.submit_translation",
    ],
    CITY_REVIEWERS: [
        "wagtailadmin.access_admin",
        "directory.file_reorganisationtask",
        "directory.view_reorganisationtask",
    ],
    OBJECTION_HANDLERS: ["wagtailadmin.access_admin"],
    EXPERT_REVIEWERS: ["wagtailadmin.access_admin"],
    MANAGEMENT_UNITS: ["wagtailadmin.access_admin"],
    # Their centers' events only (directory.selectors.events_visible_to).
    CENTER_MANAGERS: [
        "wagtailadmin.access_admin",
        "submissions.view_eventregistration",
        "submissions.message_registrants",
    ],
}

# Page permissions of provincial editors on the whole site tree.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]

# Wagtail grants documents and images per collection, not by model permission alone: provincial editors
# upload and choose them in the root collection (notice attachments, templates, logos).
EDITOR_COLLECTION_PERMISSIONS = [
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
]


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
        for codename in EDITOR_PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(
                group=groups[PROVINCIAL_EDITORS], page=site_root, permission=permission
            )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for code in EDITOR_COLLECTION_PERMISSIONS:
            app_label, codename = code.split(".")
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=groups[PROVINCIAL_EDITORS], collection=root_collection, permission=permission
            )
    return groups


def user_roles(user) -> frozenset[str]:
    """The desk roles a user holds: one per role group they belong to. A superuser holds every role
    except expert (experts only read what they are assigned); inactive and anonymous users hold none.
    Cached on the user object for the request, so a listing asks the database once."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_desk_roles", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        roles = frozenset({PROVINCIAL_EDITOR, CITY_REVIEWER, OBJECTION_HANDLER})
    else:
        names = user.groups.filter(name__in=ROLE_KEYS).values_list("name", flat=True)
        roles = frozenset(ROLE_KEYS[name] for name in names)
    user._desk_roles = roles
    return roles
