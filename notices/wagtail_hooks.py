"""Admin hooks: tell the editor what publishing or unpublishing a notice changed in the directory."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from notices.models import EvaluationBulletin, RevocationNotice
from notices.signals import acts_on_publish, is_default_locale


@hooks.register("after_publish_page")
def report_directory_changes_on_publish(request, page):
    page = page.specific
    if not acts_on_publish(page):
        return
    if isinstance(page, EvaluationBulletin):
        count = page.ratings.count()
        messages.info(
            request,
            ngettext(
                "The %(year)s rating of %(count)d center is now shown in the directory.",
                "The %(year)s ratings of %(count)d centers are now shown in the directory.",
                count,
            )
            % {"year": page.evaluation_year, "count": count},
        )
    elif isinstance(page, RevocationNotice):
        messages.info(request, _("%(center)s is now marked revoked in the directory.") % {"center": page.center})


@hooks.register("after_unpublish_page")
def report_directory_changes_on_unpublish(request, page):
    page = page.specific
    if isinstance(page, EvaluationBulletin) and is_default_locale(page):
        messages.info(
            request,
            _("The %(year)s ratings from this bulletin were withdrawn from the directory.")
            % {"year": page.evaluation_year},
        )
    elif isinstance(page, RevocationNotice) and is_default_locale(page):
        messages.warning(
            request,
            _("%(center)s stays marked revoked: withdrawing this notice does not reinstate it.")
            % {"center": page.center},
        )
