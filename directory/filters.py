"""The directory's and the events list's filters, bound to the query string. Each filter calls a named
queryset method (directory.models.querysets), so the page, its facet counts and the open-data export
filter alike."""

from array import array
from functools import cached_property

import django_filters
from django import forms
from django.db import connection
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.models import (
    Area,
    CenterKind,
    CenterPage,
    CenterStatus,
    EventPage,
    Industry,
    Rating,
    Service,
)
from directory.selectors import taxonomy_choices
from home.cache import counted_values, memo_recent, queryset_key
from home.forms import AccessibleFormMixin
from home.search import facet_counts as engine_facet_counts
from home.search import pk_set, search_hits


class FilterForm(AccessibleFormMixin, forms.Form):
    template_name_div = "includes/form_fields.html"


class SortChoice:
    RELEVANCE = "relevance"
    NAME = "name"
    NEWEST = "newest"
    choices = [(RELEVANCE, _("relevance")), (NAME, _("name (pinyin order)")), (NEWEST, _("newest"))]


class CenterFilterSet(django_filters.FilterSet):
    """What the directory can be narrowed by: text, kind, area, industry, service, status, latest rating."""

    FACETS = ("kind", "region", "industry", "service", "status", "rating")

    q = django_filters.CharFilter(label=_("Name, place, industry or service"), method="filter_text")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CenterKind.choices, method="filter_kind")
    region = django_filters.ChoiceFilter(label=_("Area"), method="filter_region")
    industry = django_filters.ChoiceFilter(label=_("Industry"), method="filter_industry")
    service = django_filters.ChoiceFilter(label=_("Service"), method="filter_service")
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("center status", "Status"), choices=CenterStatus.choices, method="filter_status"
    )
    rating = django_filters.ChoiceFilter(label=_("Latest rating"), choices=Rating.choices, method="filter_rating")
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SortChoice.choices, method="keep")

    class Meta:
        model = CenterPage
        fields = []
        form = FilterForm

    def __init__(self, data=None, queryset=None, *, locale, current_by_default=False, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.locale = locale
        self.current_by_default = current_by_default
        self.filters["region"].extra["choices"] = taxonomy_choices(Area, locale)
        self.filters["industry"].extra["choices"] = taxonomy_choices(Industry, locale)
        self.filters["service"].extra["choices"] = taxonomy_choices(Service, locale)
        for name in ("kind", "region", "industry", "service", "status", "rating"):
            self.filters[name].extra["empty_label"] = _("Any")
        self.filters["sort"].extra["empty_label"] = None

    def filter_text(self, queryset, name, value):
        hits = self.hits
        return hits.filter(queryset) if hits is not None else queryset

    @property
    def hits(self):
        """The centers of this list matching the text query, found once (one query to the index) and
        reused by the list, its count and every facet; ranked when the list is sorted by relevance.
        None without a query."""
        if not hasattr(self, "_hits"):
            query = self.text_query
            self._hits = search_hits(self.queryset, query, ranked=self.ranked) if query else None
        return self._hits

    @property
    def ranked(self) -> bool:
        """True when the list is ordered by the search's relevance."""
        return bool(self.text_query) and self.chosen_sort == SortChoice.RELEVANCE

    def filter_kind(self, queryset, name, value):
        return queryset.of_kind(value)

    def filter_region(self, queryset, name, value):
        return queryset.in_area(value)

    def filter_industry(self, queryset, name, value):
        return queryset.serving_industry(value)

    def filter_service(self, queryset, name, value):
        return queryset.offering_service(value)

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)

    def filter_rating(self, queryset, name, value):
        return queryset.with_latest_rating(value)

    def keep(self, queryset, name, value):
        return queryset

    @property
    def hides_revoked(self) -> bool:
        """True when no status was chosen and this list shows only current centers by default."""
        return self.current_by_default and "status" not in self.cleaned

    def _default_status(self, queryset, *, facet=None):
        return queryset.current() if self.hides_revoked and facet != "status" else queryset

    def filter_queryset(self, queryset):
        return self._default_status(super().filter_queryset(queryset))

    # --- what the form holds ---------------------------------------------------------------------

    @cached_property
    def cleaned(self) -> dict:
        """The valid, non-empty values; an invalid value is left out (and shown as an error). Read a dozen
        times per page, validated once: the query string does not change under a request."""
        self.errors  # noqa: B018  (validates the form)
        return {k: v for k, v in getattr(self.form, "cleaned_data", {}).items() if v not in (None, "")}

    @property
    def active_filters(self) -> dict:
        return {name: value for name, value in self.cleaned.items() if name in self.FACETS}

    @property
    def text_query(self) -> str:
        return self.cleaned.get("q", "")

    @property
    def chosen_sort(self) -> str:
        default = SortChoice.RELEVANCE if self.text_query else SortChoice.NAME
        return self.cleaned.get("sort") or default

    def ordered(self):
        """The filtered centers in the chosen order."""
        qs = self.qs
        if self.chosen_sort == SortChoice.RELEVANCE and self.text_query:
            return qs.by_relevance(self.text_query)
        if self.chosen_sort == SortChoice.NEWEST:
            return qs.newest_first()
        return qs.by_name()

    def queryset_without(self, facet: str):
        """The centers matching every current filter except `facet`: what picking a value of it narrows."""
        qs = self.queryset.all()
        for name, value in self.cleaned.items():
            if name != facet:
                qs = self.filters[name].filter(qs, value)
        return self._default_status(qs, facet=facet)

    def region_counts(self) -> dict[str, int]:
        """Area slug → how many centers picking that area gives, the other filters kept: the "Area" facet's
        counts, which the map of Jiangxi (directory.map) draws. One grouped query."""
        rows = self.queryset_without("region").order_by().values("area__slug").annotate(n=Count("pk"))
        return {row["area__slug"]: row["n"] for row in rows}

    FACET_FIELDS = (("kind", "kind"), ("status", "status"), ("rating", "latest_rating"), ("region", "area__slug"))
    FACET_LINKS = (("industry", "industry_ids", Industry), ("service", "service_ids", Service))

    def facet_counts(self) -> dict[str, dict[str, int]]:
        """For each facet, how many centers each of its values would give with the other filters kept.
        From the search engine when it counts facets (Elasticsearch's aggregations, one request); else one
        SQL query for all facets (a grouped count per facet, glued with UNION ALL), whatever the number of
        centers, reusing a text query's hits rather than searching again. Without a text query the counts
        are the same for every visitor until a change, so they are kept per process (`home.cache.memo_recent`)."""
        counts = engine_facet_counts(
            self.queryset,
            self.text_query,
            self.active_filters,
            exclude={"status": [CenterStatus.REVOKED]} if self.hides_revoked else {},
        )
        if counts is not None:
            return {facet: counts.get(facet, {}) for facet in self.FACETS}
        # The filters and words a visitor chose: kept among the recent answers, with the list's pks (a search).
        key = (queryset_key(self.queryset), self.current_by_default, tuple(sorted(self.cleaned.items())))
        if not self.text_query:
            return memo_recent(("center-facets", *key), lambda: self._facet_counts()[0], weight=counted_values)
        counts, pks = memo_recent(
            ("center-search-facets", *key),
            self._facet_counts,
            weight=lambda found: counted_values(found[0]) + len(found[1] or ()),
        )
        if pks is not None:
            self._list_pks = pks
        return counts

    # --- the list and the facets in one statement ------------------------------------------------------

    # The columns each facet counts over, read for each center from one index (center_facets_idx).
    CARRIED = ("pk", "kind", "status", "latest_rating", "area_id", "industry_ids", "service_ids")
    LIST = "_list"  # the rows of the statement that are the list's pks, not a facet's counts

    def _narrowed_without(self, facet: str | None, *, hits_sql: str = ""):
        """`queryset_without(facet)` (facet None: the list itself, every filter kept; asked for only with a
        text query). With a text query it starts from the hits (`hits_sql`, a statement of their pks): they
        are already pages of this list's queryset (live, this language), so the pages are not joined again."""
        if self.hits is None:
            return self.queryset_without(facet)
        qs = CenterPage.objects.filter(pk__in=RawSQL(hits_sql, []))  # noqa: S611  (a CTE name, no input)
        for name, value in self.cleaned.items():
            if name != facet and name != "q":
                qs = self.filters[name].filter(qs, value)
        return self._default_status(qs, facet=facet)

    def _facet_counts(self) -> tuple[dict[str, dict[str, int]], array | None]:
        """One statement for the six facets and, with a text query, the list's pks (`list_pks()`; else None), on
        SQLite and PostgreSQL alike. The centers each facet counts over are found once per distinct set of
        filters in a materialised CTE carrying the columns the facets group by, so no facet joins the pages
        again; the hits are sent once. In the default view (revoked centers hidden) a facet without a chosen
        value, and the list, count over the status facet's centers less the revoked ones (`current()` on the
        carried status), not over a second lookup of the same pages."""
        ctes, params = [], []
        hits_sql = ""
        if self.hits is not None:
            hit_rows = pk_set(self.hits.pks)
            ctes.append(f"facet_hits(pk) AS MATERIALIZED ({hit_rows.sql})")
            params.extend(hit_rows.params)
            hits_sql = "SELECT pk FROM facet_hits"
        columns = "pk, kind, status, rating, area_id, industry_ids, service_ids"
        bases, names = {}, {}  # (sql, params) -> CTE name; facet -> CTE name
        wanted = [*self.FACETS, self.LIST] if self.hits is not None else list(self.FACETS)
        # Listed first: the status facet's centers, which the others narrow in the default view.
        for facet in sorted(wanted, key=lambda f: f != "status"):
            if self.hides_revoked and facet != "status" and facet not in self.active_filters:
                if "current" not in bases.values():
                    bases[("current",)] = "current"
                    ctes.append(
                        f"facet_current({columns}) AS MATERIALIZED (SELECT {columns} FROM {names['status']} "  # noqa: S608
                        f"WHERE status <> %s)"
                    )
                    params.append(CenterStatus.REVOKED)
                names[facet] = "facet_current"
                continue
            queryset = self._narrowed_without(None if facet == self.LIST else facet, hits_sql=hits_sql)
            sql, base_params = queryset.order_by().values(*self.CARRIED).query.sql_with_params()
            key = (sql, tuple(map(str, base_params)))
            if key not in bases:
                bases[key] = f"facet_base_{len(bases)}"
                ctes.append(f"{bases[key]}({columns}) AS MATERIALIZED ({sql})")
                params.extend(base_params)
            names[facet] = bases[key]
        # Every name below comes from this class or the models' meta; values are in params.
        area = Area._meta.db_table
        parts = [
            f"SELECT 'kind', CAST(kind AS TEXT), COUNT(*) FROM {names['kind']} GROUP BY kind",  # noqa: S608
            f"SELECT 'status', CAST(status AS TEXT), COUNT(*) FROM {names['status']} GROUP BY status",  # noqa: S608
            f"SELECT 'rating', CAST(rating AS TEXT), COUNT(*) FROM {names['rating']} GROUP BY rating",  # noqa: S608
            f"SELECT 'region', CAST(a.slug AS TEXT), COUNT(*) FROM {names['region']} b "  # noqa: S608
            f"LEFT JOIN {area} a ON a.id = b.area_id GROUP BY a.slug",
        ]
        for facet, column, taxonomy in self.FACET_LINKS:
            parts.append(self._link_facet_sql(facet, names[facet], column, taxonomy))
        if self.LIST in names:
            parts.append(f"SELECT '{self.LIST}', CAST(pk AS TEXT), 0 FROM {names[self.LIST]}")  # noqa: S608
        counts = {facet: {} for facet in self.FACETS}
        pks = array("q")
        with connection.cursor() as cursor:
            cursor.execute("WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts), params)
            for facet, value, n in cursor.fetchall():
                if facet == self.LIST:
                    pks.append(int(value))
                else:
                    counts[facet][value] = n
        return counts, (pks if self.LIST in names else None)

    @staticmethod
    def _link_facet_sql(facet: str, base: str, column: str, taxonomy) -> str:
        """How many centers of the CTE `base` each value of an industry or service facet has: the ids each center
        carries (`CenterPage.industry_ids`, `service_ids`: distinct, from its links; an integer array on
        PostgreSQL, JSON on SQLite) unnested and counted, then named. Looking up each center's links instead
        cost ~6 µs a center on PostgreSQL, twice."""
        if connection.vendor == "postgresql":  # unnest() in the select list: no join per center
            ids = f"SELECT unnest(b.{column}) AS target_id FROM {base} b"  # noqa: S608
        else:
            ids = f"SELECT v.value AS target_id FROM {base} b CROSS JOIN json_each(b.{column}) AS v"  # noqa: S608
        return (
            f"SELECT '{facet}', CAST(t.slug AS TEXT), x.n FROM (SELECT target_id, COUNT(*) AS n "  # noqa: S608
            f"FROM ({ids}) ids GROUP BY target_id) x JOIN {taxonomy._meta.db_table} t ON t.id = x.target_id"
        )

    def list_pks(self) -> list[int]:
        """The pks of the filtered list, unordered: from the facet counts' statement when it ran first (with
        a text query), else one query."""
        if getattr(self, "_list_pks", None) is None:
            self._list_pks = list(self.qs.order_by().values_list("pk", flat=True))
        return self._list_pks


class EventWhen:
    UPCOMING = "upcoming"
    PAST = "past"
    choices = [(UPCOMING, _("upcoming")), (PAST, _("past"))]


class EventFilterSet(django_filters.FilterSet):
    """The events list: upcoming or past, by area and industry."""

    when = django_filters.ChoiceFilter(label=_("When"), choices=EventWhen.choices, method="keep")
    region = django_filters.ChoiceFilter(label=_("Area"), method="filter_region")
    industry = django_filters.ChoiceFilter(label=_("Industry"), method="filter_industry")

    class Meta:
        model = EventPage
        fields = []
        form = FilterForm

    def __init__(self, data=None, queryset=None, *, locale, at, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.at = at
        self.filters["region"].extra["choices"] = taxonomy_choices(Area, locale)
        self.filters["industry"].extra["choices"] = taxonomy_choices(Industry, locale)
        self.filters["region"].extra["empty_label"] = _("Any")
        self.filters["industry"].extra["empty_label"] = _("Any")
        self.filters["when"].extra["empty_label"] = None

    def keep(self, queryset, name, value):
        return queryset

    def filter_region(self, queryset, name, value):
        return queryset.in_area(value)

    def filter_industry(self, queryset, name, value):
        return queryset.for_industry(value)

    @property
    def chosen_when(self) -> str:
        self.errors  # noqa: B018
        return getattr(self.form, "cleaned_data", {}).get("when") or EventWhen.UPCOMING

    def ordered(self):
        if self.chosen_when == EventWhen.PAST:
            return self.qs.past(at=self.at)
        return self.qs.upcoming(at=self.at)
