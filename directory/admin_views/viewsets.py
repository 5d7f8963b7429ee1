"""Admin viewsets of the directory (registered in `directory/wagtail_hooks.py`).

Areas, industries and services are translatable snippets with stable slugs: the slug is what the public
filters use (?region=ganzhou), so editors rename freely without breaking shared links. Ratings have no
admin form on purpose: evaluation bulletins and the lifecycle desk write them through directory.services.
Revocations, the source of re-application bans (Art. 16), have a ModelViewSet."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory.models import Area, Industry, Revocation, Service


class AreaViewSet(SnippetViewSet):
    """The 12 areas (11 设区市 and 赣江新区) with their division codes and city bureaus (Art. 3, 7, 11)."""

    model = Area
    icon = "site"
    menu_label = _("Areas")
    list_display = ["name", "slug", "division_code", "bureau_name", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "slug", "bureau_name"]
    ordering = ["sort_order", "name"]


class IndustryViewSet(SnippetViewSet):
    """Industries centers serve; the directory's industry facet."""

    model = Industry
    icon = "tag"
    menu_label = _("Industries")
    list_display = ["name", "slug", "sort_order", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "slug"]
    ordering = ["sort_order", "name"]


class ServiceViewSet(SnippetViewSet):
    """The ten public services of Art. 2; the directory's service facet."""

    model = Service
    icon = "list-ul"
    menu_label = _("Services")
    list_display = ["name", "slug", "sort_order", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "slug"]
    ordering = ["sort_order", "name"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    """The directory menu in the admin: the taxonomies editors manage."""

    items = (AreaViewSet, IndustryViewSet, ServiceViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Directory")
    menu_name = "directory"
    menu_order = 250


class RevocationViewSet(ModelViewSet):
    """Revocations, the source of bans (Art. 16). Most arrive by publishing a revocation notice; staff add
    those made before this site existed, with the lead unit's credit code."""

    model = Revocation
    icon = "lock"
    menu_label = _("Revocations")
    add_to_admin_menu = False
    form_fields = ["center_name", "lead_unit_name", "credit_code", "cause", "revoked_on", "evidence"]
    list_display = ["center_name", "lead_unit_name", "credit_code", "cause", "revoked_on", "ban_ends_on"]
    list_filter = ["cause"]
    search_fields = ["center_name", "lead_unit_name", "credit_code"]
    copy_view_enabled = False
    inspect_view_enabled = True


revocation_viewset = RevocationViewSet("revocations")
