"""Named queries on centers and events. The directory's and the events list's FilterSets call these, so a
filter's meaning lives in one place whether it comes from a URL, an export or another app."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length
from wagtail.models import PageManager, PageQuerySet

from directory.models.taxonomies import CenterStatus
from home.search import rank_by_relevance, search_filter


def _links(queryset, name: str):
    """The model of the child links `name` of the queryset's pages (a center's industry_links, an event's
    organisers…), found from the relation: the models that use these querysets need not be imported here."""
    return queryset.model._meta.get_field(name).related_model


class CenterPageQuerySet(PageQuerySet):
    def matching(self, query: str):
        """Centers whose name, former names, lead unit, area, industries, services or introduction hold
        every term of `query` (Simplified or Traditional)."""
        return search_filter(self, query)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def in_area(self, slug: str):
        """Centers of the area with this slug (any language version of the area)."""
        return self.filter(area__slug=slug)

    def serving_industry(self, slug: str):
        links = _links(self, "industry_links")
        return self.filter(Exists(links.objects.filter(center=OuterRef("pk"), industry__slug=slug)))

    def offering_service(self, slug: str):
        links = _links(self, "service_links")
        return self.filter(Exists(links.objects.filter(center=OuterRef("pk"), service__slug=slug)))

    def with_status(self, status: str):
        return self.filter(status=status)

    def current(self):
        """Centers still in the programme: active or under reorganisation. Revoked centers stay in the
        directory, marked, but leave its default view (Art. 15). The directory's facet statement
        applies the same rule to a status column it carries (`CenterFilterSet._facet_counts`)."""
        return self.exclude(status=CenterStatus.REVOKED)

    def with_latest_rating(self, rating: str):
        return self.filter(latest_rating=rating)

    def by_relevance(self, query: str):
        return rank_by_relevance(self, query, tie_breakers=[Length("title"), "name_sort_key"])

    def by_name(self):
        """Pinyin order of the name (拼音排序), as people expect a Chinese list to be ordered."""
        return self.order_by("name_sort_key", "pk")

    def newest_first(self):
        return self.order_by("-batch_year", "-first_published_at", "-pk")


CenterPageManager = PageManager.from_queryset(CenterPageQuerySet)


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, *, at: dt.datetime):
        """Events that have not ended at `at`, soonest first (an event under way is still upcoming)."""
        return self.filter(ends_at__gte=at).order_by("starts_at", "pk")

    def past(self, *, at: dt.datetime):
        """Events that ended before `at`, most recent first."""
        return self.filter(ends_at__lt=at).order_by("-starts_at", "-pk")

    def in_area(self, slug: str):
        return self.filter(area__slug=slug)

    def for_industry(self, slug: str):
        links = _links(self, "industry_links")
        return self.filter(Exists(links.objects.filter(event=OuterRef("pk"), industry__slug=slug)))

    def organised_by(self, center):
        """Events organised by any language version of `center`."""
        return self.filter(
            Exists(
                _links(self, "organisers").objects.filter(
                    Q(event=OuterRef("pk")) & Q(center__translation_key=center.translation_key)
                )
            )
        )

    def matching(self, query: str):
        return search_filter(self, query)


EventPageManager = PageManager.from_queryset(EventPageQuerySet)
