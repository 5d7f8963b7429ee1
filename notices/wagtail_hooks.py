"""Registration only: the views of the notice list (`notices.views`), notices in site search and on the home
page (hooks defined by `home`), the holiday calendar (Settings → Holiday calendar), and admin messages telling
the editor what publishing or unpublishing a notice changed in the directory."""

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from home.cache import NEXT_CHANGE_HOOK as PAGE_CACHE_NEXT_CHANGE_HOOK
from home.search_es.registry import SEARCH_DOCUMENT_TYPES_HOOK, SearchDocumentType
from home.search_views import SITE_SEARCH_TYPES_HOOK, SiteSearchType
from home.selectors import HOME_PAGE_PANELS_HOOK
from notices import views
from notices.admin_views.holidays import HolidayScheduleViewSet
from notices.models import (
    NOTICE_ATOM_FEED_HOOK,
    NOTICE_LIST_CONTEXT_HOOK,
    NOTICE_RSS_FEED_HOOK,
    EvaluationBulletin,
    NoticePage,
    RevocationNotice,
)
from notices.search_documents import NoticeDocument, NoticeFacetedSearch
from notices.selectors import latest_notices, next_window_edge, open_windows
from notices.services import bulletin_revocations_in_question
from notices.signals import acts_on_publish, is_default_locale

# The notice list asks for its context and feeds by these names (home/page_views.py).
hooks.register(NOTICE_LIST_CONTEXT_HOOK, views.notice_list_context)
hooks.register(NOTICE_RSS_FEED_HOOK, views.rss_feed)
hooks.register(NOTICE_ATOM_FEED_HOOK, views.atom_feed)

register_snippet(HolidayScheduleViewSet)


@hooks.register(SITE_SEARCH_TYPES_HOOK, order=10)
def notices_in_site_search():
    return SiteSearchType(
        key="notices",
        label=gettext_lazy("Notices"),
        queryset=NoticePage.objects.live(),
        tie_breakers=["-published_on", "-pk"],
        hit_template="notices/includes/search_hit.html",
    )


@hooks.register(SEARCH_DOCUMENT_TYPES_HOOK)
def notices_on_elasticsearch():
    return SearchDocumentType("notices", NoticePage, NoticeDocument, NoticeFacetedSearch)


@hooks.register(HOME_PAGE_PANELS_HOOK, order=10)
def open_windows_panel(request, page):
    return "notices/includes/home_open_windows.html", {
        "open_windows": open_windows(locale=page.locale, at=timezone.now())
    }


@hooks.register(HOME_PAGE_PANELS_HOOK, order=20)
def latest_notices_panel(request, page):
    return "notices/includes/home_latest_notices.html", {"latest_notices": latest_notices(locale=page.locale, limit=6)}


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
        for warning in bulletin_revocations_in_question(bulletin=page):
            messages.warning(request, warning)
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


@hooks.register(PAGE_CACHE_NEXT_CHANGE_HOOK)
def page_cache_window_edge(now):
    """Cached pages end when an application window or an evaluation round's window opens or closes
    (home/cache.py); 公示 periods are whole days, so midnight covers them."""
    return next_window_edge(now)
