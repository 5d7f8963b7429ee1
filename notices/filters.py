"""The notice listing's filters (kind, year, status, area, industry), their counts and pagination; shared by the
/notices/ page and its feeds so a filtered feed holds exactly what the filtered listing shows."""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.models import Area, Industry
from directory.selectors import taxonomy_choices
from home.cache import counted_values, memo_recent, queryset_key
from notices import windows
from notices.models import NoticeKind, NoticeStatusFilter
from notices.selectors import next_window_edge, with_window_types

PAGE_SIZE = 20
FILTER_KEYS = ("type", "year", "status", "area", "industry")
# ?region= is the directory's name for the area filter; the listing and the feeds accept it too.
ALIASES = {"region": "area"}


def filter_data(query) -> dict:
    """The filters given in a query string (`request.GET`), by their names here; empty values dropped."""
    data = {}
    for key, value in query.items():
        key = ALIASES.get(key, key)
        if key in FILTER_KEYS and value and key not in data:
            data[key] = value
    return data


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class NoticeFilterSet(django_filters.FilterSet):
    """?type=application|publicity|evaluation|revocation|policy, ?year=2025, ?status=open|upcoming|closed,
    ?area=ganzhou (or ?region=) and ?industry=rare-earth: the notices naming that area or industry
    (`notices.models.topics`)."""

    type = django_filters.ChoiceFilter(
        label=pgettext_lazy("notice kind", "Kind"),
        choices=NoticeKind.choices,
        empty_label=_("All kinds"),
        method="filter_type",
        error_messages={"invalid_choice": _("Choose one of the kinds listed.")},
    )
    year = YearFilter(
        label=_("Year"),
        method="filter_year",
        min_value=1990,
        max_value=2100,
        error_messages={
            "invalid": _("Enter a year as four digits, e.g. 2025."),
            "min_value": _("Enter a year as four digits, e.g. 2025."),
            "max_value": _("Enter a year as four digits, e.g. 2025."),
        },
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("notice status", "Status"),
        choices=NoticeStatusFilter.choices,
        empty_label=_("Any status"),
        method="filter_status",
        error_messages={"invalid_choice": _("Choose one of the statuses listed.")},
    )

    area = django_filters.ChoiceFilter(
        label=_("Area"),
        empty_label=_("Any area"),
        method="filter_area",
        error_messages={"invalid_choice": _("Choose one of the areas listed.")},
    )
    industry = django_filters.ChoiceFilter(
        label=_("Industry"),
        empty_label=_("Any industry"),
        method="filter_industry",
        error_messages={"invalid_choice": _("Choose one of the industries listed.")},
    )

    def __init__(self, *args, at=None, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.at = at or timezone.now()
        if locale is not None:
            self.filters["area"].extra["choices"] = taxonomy_choices(Area, locale)
            self.filters["industry"].extra["choices"] = taxonomy_choices(Industry, locale)

    def filter_area(self, queryset, name, value):
        return queryset.in_area(value)

    def filter_industry(self, queryset, name, value):
        return queryset.in_industry(value)

    def filter_type(self, queryset, name, value):
        return queryset.of_kind(value)

    def filter_year(self, queryset, name, value):
        return queryset.published_in(int(value))

    def filter_status(self, queryset, name, value):
        return queryset.in_status(value, at=self.at)


def _without(data, key: str) -> dict:
    return {k: v for k, v in data.items() if k != key}


class PublishedYear(ExtractYear):
    """The year of a date, read natively on SQLite too: Django's ExtractYear calls a Python function there
    for each row (0.1 s over 50,000 notices). SQLite stores a date as YYYY-MM-DD text."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS INTEGER)", params


def facet_counts(queryset, data, *, at, locale=None) -> dict:
    """Counts per kind, per year and per status, each under the other filters: three queries whatever the
    number of notices. Each option says whether it is the one selected. (Areas and industries are offered
    as lists without counts: a count per area would be a query per area.) The same for every visitor until a
    notice changes (a new generation), the China day turns or a window opens or closes, so they are kept per
    process that long, among the recent answers (`home.cache.memo_recent`: a visitor chooses the filters)."""
    key = (
        "notice-facets",
        queryset_key(queryset),
        locale.pk if locale else None,
        tuple(sorted(data.items())),
        windows.china_today(at),
        next_window_edge(at),
    )
    return memo_recent(key, lambda: _facet_counts(queryset, data, at=at, locale=locale), weight=counted_values)


def _facet_counts(queryset, data, *, at, locale) -> dict:

    def narrowed(key):
        return NoticeFilterSet(_without(data, key), queryset=queryset, at=at, locale=locale).qs.order_by()

    by_kind, by_year, by_status = narrowed("type"), narrowed("year"), narrowed("status")
    kinds = dict(by_kind.values_list("kind").annotate(n=Count("pk")))
    years = list(
        by_year.annotate(year=PublishedYear("published_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    if data.get("year") and int(data["year"]) not in {year for year, _n in years}:
        years = sorted([*years, (int(data["year"]), 0)], reverse=True)
    states = dict(by_status.with_state(at=at).values_list("window_state").annotate(n=Count("pk")))
    status_groups = {
        NoticeStatusFilter.OPEN: ("applications_open", "publicity_open"),
        NoticeStatusFilter.UPCOMING: ("not_started",),
        NoticeStatusFilter.CLOSED: ("closed", "ended"),
    }

    def option(value, label, count, key):
        return {"value": str(value), "label": label, "count": count, "selected": str(data.get(key, "")) == str(value)}

    return {
        "type": [option("", _("All kinds"), sum(kinds.values()), "type")]
        + [option(v, label, kinds.get(v, 0), "type") for v, label in NoticeKind.choices],
        "year": [option("", _("All years"), sum(n for _, n in years), "year")]
        + [option(year, str(year), n, "year") for year, n in years],
        "status": [option("", _("Any status"), sum(states.values()), "status")]
        + [
            option(v, label, sum(states.get(s, 0) for s in status_groups[v]), "status")
            for v, label in NoticeStatusFilter.choices
        ],
    }


def filtered_notices(index_page, data, *, at=None):
    """The bound filterset over the live notices under `index_page`, newest first."""
    at = at or timezone.now()
    return NoticeFilterSet(data, queryset=index_page.notices(), at=at, locale=index_page.locale)


def notice_listing(index_page, request, *, at=None) -> dict:
    """Context for the listing: the filterset (errors on bad values), counts, one page of notices."""
    at = at or timezone.now()
    data = filter_data(request.GET)
    filterset = filtered_notices(index_page, data, at=at)
    filterset.form.is_valid()
    valid_data = {k: v for k, v in data.items() if k not in filterset.form.errors}
    facets = facet_counts(index_page.counted_notices(), valid_data, at=at, locale=index_page.locale)
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    # The selected kind's count (or all kinds') is already the number of notices shown, counted under every
    # other filter: the paginator need not count them again (a scan of every notice at 50,000).
    paginator.count = next(option["count"] for option in facets["type"] if option["selected"])
    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = with_window_types(list(page_obj.object_list))
    return {
        "filterset": filterset,
        "filter_form": filterset.form,
        "facets": facets,
        "selected": valid_data,
        "page_obj": page_obj,
        "notices": page_obj.object_list,
        "querystring_without_page": urlencode(valid_data) + "&" if valid_data else "",
        "feed_querystring": "?" + urlencode(valid_data) if valid_data else "",
    }
