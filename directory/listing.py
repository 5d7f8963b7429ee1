"""What the directory, center, events and event pages show: the page's get_context asks here, the
templates only render. Every list runs a fixed number of queries whatever the number of centers."""

from collections import defaultdict
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.filters import CenterFilterSet, EventFilterSet, SortChoice
from directory.map import directory_map
from directory.models import (
    Area,
    CenterIndustry,
    CenterKind,
    CenterService,
    CenterStatus,
    EventIndustry,
    EventOrganiser,
    EventPage,
    Industry,
    Rating,
    Service,
)
from directory.rules import accepts_online_registration, is_registration_open
from directory.selectors import upcoming_events
from directory.services import center_ratings
from home.cache import memo, page_locale
from home.search import load_in_order
from home.text import name_separator

PAGE_SIZE = 20


def localised_names(model, locale) -> dict:
    """translation_key → name in `locale`: a center edited in English may still point at the Chinese
    snippet, and is shown with the English name all the same."""
    return memo(
        ("localised-names", model._meta.label, locale.pk),
        lambda: dict(model.objects.filter(locale=locale).values_list("translation_key", "name")),
    )


def area_keys() -> dict:
    """Area pk → translation key, for every language (a dozen rows, kept per process until a change), so a
    page labels its area without loading it."""
    return memo(("area-keys",), lambda: dict(Area.objects.values_list("pk", "translation_key")))


class Labeller:
    """Names of areas, industries and services in one language (kept per process until a change)."""

    def __init__(self, locale):
        self.separator = name_separator(locale.language_code)
        self.areas = localised_names(Area, locale)
        self.industries = localised_names(Industry, locale)
        self.services = localised_names(Service, locale)

    def area(self, area) -> str:
        return self.areas.get(area.translation_key, area.name) if area else ""

    def area_of(self, page) -> str:
        """The label of `page.area` without loading the area when the page has not."""
        if "area" in page._state.fields_cache or not page.area_id:
            return self.area(page.area)
        key = area_keys().get(page.area_id)
        return self.areas.get(key) if key in self.areas else self.area(page.area)

    def industry(self, industry) -> str:
        return self.industries.get(industry.translation_key, industry.name)

    def service(self, service) -> str:
        return self.services.get(service.translation_key, service.name)

    def label_center(self, center) -> None:
        self._set_labels(
            center,
            [self.industry(link.industry) for link in center.industry_links.all()],
            [self.service(link.service) for link in center.service_links.all()],
        )

    def _set_labels(self, center, industry_labels: list, service_labels: list) -> None:
        center.area_label = self.area(center.area)
        center.industry_labels = industry_labels
        center.service_labels = service_labels
        center.industries_text = self.separator.join(industry_labels)
        center.services_text = self.separator.join(service_labels)

    def label_centers(self, centers) -> None:
        """`label_center` for a page of centers, from one query of names per relation: the links and the
        taxonomy rows are not built as objects (at ~7 per center they were most of loading a page)."""
        by_pk = {center.pk: center for center in centers}
        labels = {"industry": defaultdict(list), "service": defaultdict(list)}
        for link_model, relation, names in (
            (CenterIndustry, "industry", self.industries),
            (CenterService, "service", self.services),
        ):
            rows = (
                link_model.objects.filter(center_id__in=list(by_pk))
                .order_by("center_id", "sort_order", "pk")
                .values_list("center_id", f"{relation}__translation_key", f"{relation}__name")
            )
            for center_id, key, name in rows:
                labels[relation][center_id].append(names.get(key, name))
        for pk, center in by_pk.items():
            self._set_labels(center, labels["industry"][pk], labels["service"][pk])

    def label_event(self, event) -> None:
        """The area's name for an event's card."""
        event.area_label = self.area(event.area)

    def label_events(self, events) -> None:
        """Names for a page of event cards: the area, the industries (`industry_labels`, `industries_text`) and
        the live organising centers (`organiser_pages`), from one query per relation, as `label_centers`
        does: the links are not built as objects, and an organiser is loaded with only what its link needs
        (title and address): whole centers and link objects were half of building the events list."""
        by_pk = {event.pk: event for event in events}
        industries, organisers = defaultdict(list), defaultdict(list)
        rows = (
            EventIndustry.objects.filter(event_id__in=list(by_pk))
            .order_by("event_id", "sort_order", "pk")
            .values_list("event_id", "industry__translation_key", "industry__name")
        )
        for event_id, key, name in rows:
            industries[event_id].append(self.industries.get(key, name))
        links = (
            EventOrganiser.objects.filter(event_id__in=list(by_pk), center__live=True)
            .order_by("event_id", "sort_order", "pk")
            .select_related("center")
            .only("event_id", "center__title", "center__url_path")
        )
        for link in links:
            organisers[link.event_id].append(link.center)
        for pk, event in by_pk.items():
            self.label_event(event)
            event.industry_labels = industries[pk]
            event.industries_text = self.separator.join(industries[pk])
            event.organiser_pages = organisers[pk]


def querystring(params, **changes) -> str:
    """The query string of `params` (a QueryDict) with `changes` applied (None removes a key), without the
    page; a changed key moves to the end. Built from plain lists, not a copy of the QueryDict (a deep copy
    for each of the ~70 facet links was a visible part of the directory page's time)."""
    data = {key: values for key, values in params.lists() if key != "page"}
    for key, value in changes.items():
        data.pop(key, None)
        if value not in (None, ""):
            data[key] = [value]
    return urlencode([(key, value) for key, values in data.items() for value in values])


# What a card shows (directory/includes/center_summary.html, event_card.html): an address comes from url_path;
# an event's online registration is open by `rules.accepts_online_registration`.
CENTER_CARD_FIELDS = ("title", "url_path", "kind", "area", "status", "latest_rating", "latest_rating_year")
EVENT_CARD_FIELDS = (
    "title",
    "url_path",
    "starts_at",
    "ends_at",
    "area",
    "venue",
    "capacity",
    "registration_deadline",
    "online_registration",
)


def _for_cards(queryset, fields):
    """Centers or events with what their cards show (`fields`) and their area (names of industries and
    services: `Labeller`): a page of sixty columns built twenty times was most of loading a list."""
    return queryset.select_related("area").only(*fields)


def centers_page(filterset, number):
    """(paginator, page) of the filtered centers in the chosen order. Sorted by relevance, the search's
    hits (found once, ranked) are intersected with the filters in one query of pks, and only the page's
    centers are loaded."""
    if not filterset.ranked:
        paginator = Paginator(_for_cards(filterset.ordered(), CENTER_CARD_FIELDS), PAGE_SIZE)
        return paginator, paginator.get_page(number)
    pks = filterset.hits.in_order(filterset.list_pks())
    paginator = Paginator(pks, PAGE_SIZE)
    page_obj = paginator.get_page(number)
    page_obj.object_list = load_in_order(_for_cards(filterset.queryset, CENTER_CARD_FIELDS), page_obj.object_list)
    return paginator, page_obj


def directory_context(page, request) -> dict:
    filterset = CenterFilterSet(request.GET, queryset=page.centers(), locale=page_locale(page), current_by_default=True)
    counts = filterset.facet_counts()  # first: on PostgreSQL the same statement gives the list's pks
    paginator, page_obj = centers_page(filterset, request.GET.get("page"))
    labeller = Labeller(page_locale(page))
    labeller.label_centers(page_obj.object_list)
    active = filterset.active_filters
    choices = {
        "kind": CenterKind.choices,
        "region": [(slug, name) for slug, name in filterset.filters["region"].extra["choices"]],
        "industry": filterset.filters["industry"].extra["choices"],
        "service": filterset.filters["service"].extra["choices"],
        "status": CenterStatus.choices,
        "rating": Rating.choices,
    }
    params = request.GET
    facets = []
    for name in CenterFilterSet.FACETS:
        options = [
            {
                "value": value,
                "label": label,
                "count": counts[name].get(value, 0),
                "selected": active.get(name) == value,
                "url": "?" + querystring(params, **{name: None if active.get(name) == value else value}),
            }
            for value, label in choices[name]
        ]
        facets.append(
            {
                "name": name,
                "legend": filterset.filters[name].label,
                "options": [o for o in options if o["count"] or o["selected"]],
                "clear_url": "?" + querystring(params, **{name: None}) if name in active else "",
                "errors": filterset.form.errors.get(name, []),
            }
        )
    labels = {name: dict(choices[name]) for name in choices}
    removals = [
        {
            "label": _("%(filter)s: %(value)s")
            % {"filter": filterset.filters[name].label, "value": labels[name].get(value, value)},
            "url": "?" + querystring(params, **{name: None}),
        }
        for name, value in active.items()
    ]
    return {
        "city_map": directory_map(
            filterset=filterset,
            region_counts=counts["region"],
            link=lambda slug: "?" + querystring(params, region=slug),
        ),
        "filterset": filterset,
        "form": filterset.form,
        "query": filterset.text_query,
        "sort": filterset.chosen_sort,
        "sort_options": [
            {"value": v, "label": label, "selected": v == filterset.chosen_sort}
            for v, label in SortChoice.choices
            if v != SortChoice.RELEVANCE or filterset.text_query
        ],
        "facets": facets,
        "filter_errors": any(facet["errors"] for facet in facets),
        "active_filters": removals,
        # What a new search or another order keeps: the filters in use, as the forms' hidden fields.
        "kept_filters": list(active.items()),
        "page_obj": page_obj,
        "centers": page_obj.object_list,
        "result_count": paginator.count,
        "hides_revoked": filterset.hides_revoked,
        "revoked_url": "?" + querystring(params, status="revoked"),
        "noindex": len(active) > 1,
        "querystring_without_page": (querystring(params) + "&") if querystring(params) else "",
        # The export of "this list": what the page shows (directory.export), revoked centers only when asked for.
        "export_query": querystring(params, sort=None, list="current" if filterset.hides_revoked else None),
    }


def center_context(center) -> dict:
    """The center page: rating history, its next events, services with what it provides, names."""
    labeller = Labeller(page_locale(center))
    services = list(center.service_links.select_related("service"))
    for link in services:
        link.label = labeller.service(link.service)
    industries = [labeller.industry(link.industry) for link in center.industry_links.select_related("industry")]
    events = list(
        EventPage.objects.live()
        .filter(locale_id=center.locale_id)
        .organised_by(center)
        .upcoming(at=timezone.now())
        .select_related("area")[:5]
    )
    for event in events:
        labeller.label_event(event)
    return {
        "area_label": labeller.area_of(center),
        "industries_text": labeller.separator.join(industries),
        "service_links": services,
        "ratings": list(center_ratings(center)),
        "upcoming_events": events,
        "consortium": list(center.consortium_members.all()),
        "former_names": list(center.former_names.all()),
    }


def home_events_context(*, locale, at, limit: int = 4) -> dict:
    """The home page's next events, as cards (area in the page's language, places and deadline)."""
    events = upcoming_events(locale=locale, at=at, limit=limit)
    labeller = Labeller(locale)
    for event in events:
        labeller.label_event(event)
    return {"upcoming_events": events, "separator": labeller.separator}


def events_context(page, request) -> dict:
    now = timezone.now()
    filterset = EventFilterSet(request.GET, queryset=page.events(), locale=page_locale(page), at=now)
    paginator = Paginator(_for_cards(filterset.ordered(), EVENT_CARD_FIELDS), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    labeller = Labeller(page_locale(page))
    labeller.label_events(page_obj.object_list)
    for event in page_obj.object_list:
        event.online_registration_open = accepts_online_registration(event, at=now)
    params = request.GET
    return {
        "filterset": filterset,
        "form": filterset.form,
        "when": filterset.chosen_when,
        "when_tabs": [
            {
                "value": v,
                "label": label,
                "selected": v == filterset.chosen_when,
                "url": "?" + querystring(params, when=v),
            }
            for v, label in filterset.filters["when"].extra["choices"]
        ],
        "events": page_obj.object_list,
        "separator": labeller.separator,
        "page_obj": page_obj,
        "result_count": paginator.count,
        "noindex": sum(1 for k in ("region", "industry") if params.get(k)) > 1,
        "querystring_without_page": (querystring(params) + "&") if querystring(params) else "",
        "calendar_query": querystring(params, when=None),
    }


def event_context(event, request) -> dict:
    now = timezone.now()
    labeller = Labeller(page_locale(event))
    organisers = [link.center for link in event.organisers.select_related("center") if link.center.live]
    industry_labels = [labeller.industry(link.industry) for link in event.industry_links.select_related("industry")]
    return {
        "area_label": labeller.area_of(event),
        "industry_labels": industry_labels,
        "industries_text": labeller.separator.join(industry_labels),
        "organiser_pages": organisers,
        "is_past": event.ends_at < now,
        "registration_open": is_registration_open(event, at=now),
        "online_registration_open": accepts_online_registration(event, at=now),
        "page_panels": event.page_panels(request),
    }
