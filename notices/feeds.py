"""RSS 2.0 and Atom feeds of notices, routed from `NoticeIndexPage` (feed/, feed/atom/), in the page's
language, narrowed by the same query string as the listing (?type=, ?year=, ?status=, ?area= or ?region=,
?industry=; `notices.filters.filter_data`)."""

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from home.public_address import absolute_url
from notices import windows
from notices.filters import filter_data, filtered_notices
from notices.models import NoticeKind

FEED_SIZE = 50


class NoticeRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.language = self.index_page.locale.language_code
        data = filter_data(request.GET)
        filterset = filtered_notices(self.index_page, data)
        filterset.form.is_valid()
        self.kind = filterset.form.cleaned_data.get("type") or ""
        self.notices = list(filterset.qs.specific()[:FEED_SIZE])
        return self.index_page

    def title(self, obj):
        if self.kind:
            return f"{obj.title} · {NoticeKind(self.kind).label}"
        return obj.title

    def _absolute(self, page) -> str:
        return absolute_url(page.get_url(self.request))

    def link(self, obj):
        return self._absolute(obj)

    def feed_url(self, obj):
        return absolute_url(self.request.get_full_path())

    def description(self, obj):
        return _("Notices of the Jiangxi provincial Digital Transformation Promotion Centers programme.")

    def items(self, obj):
        return self.notices

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [str(item.get_kind_display())]
        if item.status:
            parts.append(item.status.label)
        if item.document_number:
            parts.append(item.document_number)
        if item.summary:
            parts.append(item.summary)
        return " · ".join(parts)

    def item_link(self, item):
        return self._absolute(item)

    def item_pubdate(self, item):
        """The publication date; the moment of first publication when that fell on the same day."""
        first = item.first_published_at
        if first and windows.china_today(first) == item.published_on:
            return first
        return windows.start_of_day(item.published_on)

    def item_updateddate(self, item):
        return item.last_published_at or timezone.now()

    def item_author_name(self, item):
        return item.issuing_units

    def item_categories(self, item):
        return [str(item.get_kind_display())]


class NoticeAtomFeed(NoticeRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
