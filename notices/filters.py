"""The notice listing's filters (kind, year, status), their counts and pagination; shared by the
/notices/ page and its feeds so a filtered feed holds exactly what the filtered listing shows."""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notices.models import NoticeKind, NoticeStatusFilter
from notices.selectors import with_window_types

PAGE_SIZE = 20


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class NoticeFilterSet(django_filters.FilterSet):
    """?type=application|publicity|evaluation|revocation|policy, ?year=2025, ?status=open|upcoming|closed."""

    type = django_filters.ChoiceFilter(
        label=_("Kind"),
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
        label=_("Status"),
        choices=NoticeStatusFilter.choices,
        empty_label=_("Any status"),
        method="filter_status",
        error_messages={"invalid_choice": _("Choose one of the statuses listed.")},
    )

    def __init__(self, *args, at=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.at = at or timezone.now()

    def filter_type(self, queryset, name, value):
        return queryset.of_kind(value)

    def filter_year(self, queryset, name, value):
        return queryset.published_in(int(value))

    def filter_status(self, queryset, name, value):
        return queryset.in_status(value, at=self.at)


def _without(data, key: str) -> dict:
    return {k: v for k, v in data.items() if k != key}


def facet_counts(queryset, data, *, at) -> dict:
    """Counts per kind, per year and per status, each under the other filters: three queries whatever the
    number of notices. Each option says whether it is the one selected."""
    by_kind = NoticeFilterSet(_without(data, "type"), queryset=queryset, at=at).qs.order_by()
    by_year = NoticeFilterSet(_without(data, "year"), queryset=queryset, at=at).qs.order_by()
    by_status = NoticeFilterSet(_without(data, "status"), queryset=queryset, at=at).qs.order_by()
    kinds = dict(by_kind.values_list("kind").annotate(n=Count("pk")))
    years = list(
        by_year.annotate(year=ExtractYear("published_on")).values_list("year").annotate(n=Count("pk")).order_by("-year")
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
    return NoticeFilterSet(data, queryset=index_page.notices(), at=at)


def notice_listing(index_page, request, *, at=None) -> dict:
    """Context for the listing: the filterset (errors on bad values), counts, one page of notices."""
    at = at or timezone.now()
    data = {k: v for k, v in request.GET.items() if k in ("type", "year", "status") and v}
    filterset = filtered_notices(index_page, data, at=at)
    filterset.form.is_valid()
    valid_data = {k: v for k, v in data.items() if k not in filterset.form.errors}
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = with_window_types(list(page_obj.object_list))
    return {
        "filterset": filterset,
        "filter_form": filterset.form,
        "facets": facet_counts(index_page.notices(), valid_data, at=at),
        "selected": valid_data,
        "page_obj": page_obj,
        "notices": page_obj.object_list,
        "querystring_without_page": urlencode(valid_data) + "&" if valid_data else "",
        "feed_querystring": "?" + urlencode(valid_data) if valid_data else "",
    }
