"""Centers and events on Elasticsearch (issue 15): their documents, with a keyword field per facet of the
directory and the events list, and the directory's faceted search. Registered in `wagtail_hooks.py`
through home's hook "search_document_types"; the text fields are the pages' own `home.search` text."""

from django.db.models.signals import post_save
from elasticsearch.dsl import Date, Integer, Keyword, TermsFacet
from wagtail.signals import page_published

from directory.models import Area, CenterPage, EventPage, Industry, Service
from home.search_es.documents import FACET_SIZE, PageDocument, PageFacetedSearch
from home.search_es.signals import search_documents_changed


def _slugs(links, name: str) -> list[str]:
    return [getattr(link, name).slug for link in links.all() if getattr(link, f"{name}_id")]


class CenterDocument(PageDocument):
    """A live center: kind, area (slug), industries and services (slugs), status, latest rating and its
    year, batch year and the pinyin sort key beside the text."""

    kind = Keyword()
    area = Keyword()
    industries = Keyword()
    services = Keyword()
    status = Keyword()
    rating = Keyword()
    rating_year = Integer()
    year = Integer()
    name_sort_key = Keyword()

    @classmethod
    def prepare(cls, queryset):
        return (
            super()
            .prepare(queryset)
            .select_related("area")
            .prefetch_related("industry_links__industry", "service_links__service", "former_names")
        )

    @classmethod
    def facet_values(cls, page) -> dict:
        return {
            "kind": page.kind,
            "area": page.area.slug if page.area_id else None,
            "industries": _slugs(page.industry_links, "industry"),
            "services": _slugs(page.service_links, "service"),
            "status": page.status,
            "rating": page.latest_rating or None,
            "rating_year": page.latest_rating_year,
            "year": page.batch_year,
            "name_sort_key": page.name_sort_key,
        }


class EventDocument(PageDocument):
    """A live matchmaking event: area, industries, year, start and end."""

    area = Keyword()
    industries = Keyword()
    year = Integer()
    starts_at = Date()
    ends_at = Date()

    @classmethod
    def prepare(cls, queryset):
        return (
            super()
            .prepare(queryset)
            .select_related("area")
            .prefetch_related("industry_links__industry", "organisers__center")
        )

    @classmethod
    def facet_values(cls, page) -> dict:
        return {
            "area": page.area.slug if page.area_id else None,
            "industries": _slugs(page.industry_links, "industry"),
            "year": page.starts_at.year if page.starts_at else None,
            "starts_at": page.starts_at,
            "ends_at": page.ends_at,
        }


class CenterFacetedSearch(PageFacetedSearch):
    """The directory's facets, named as its query string names them (`CenterFilterSet.FACETS`)."""

    doc_types = [CenterDocument]
    facets = {
        "kind": TermsFacet(field="kind", size=FACET_SIZE),
        "region": TermsFacet(field="area", size=FACET_SIZE),
        "industry": TermsFacet(field="industries", size=FACET_SIZE),
        "service": TermsFacet(field="services", size=FACET_SIZE),
        "status": TermsFacet(field="status", size=FACET_SIZE),
        "rating": TermsFacet(field="rating", size=FACET_SIZE),
        "year": TermsFacet(field="year", size=FACET_SIZE),
    }


class EventFacetedSearch(PageFacetedSearch):
    doc_types = [EventDocument]
    facets = {
        "region": TermsFacet(field="area", size=FACET_SIZE),
        "industry": TermsFacet(field="industries", size=FACET_SIZE),
        "year": TermsFacet(field="year", size=FACET_SIZE),
    }


# --- Documents that hold another row's text ---------------------------------------------------------


def _center_published(sender, instance, **kwargs):
    """An event's document holds its organisers' names: a center published (perhaps renamed) rewrites them."""
    events = EventPage.objects.filter(organisers__center__translation_key=instance.translation_key)
    search_documents_changed(EventPage, events)


def _taxonomy_saved(sender, instance, **kwargs):
    """Centers and events hold the names of their area, industries and services: a renamed one rewrites them."""
    key = instance.translation_key
    if isinstance(instance, Area):
        search_documents_changed(CenterPage, CenterPage.objects.filter(area__translation_key=key))
        search_documents_changed(EventPage, EventPage.objects.filter(area__translation_key=key))
    elif isinstance(instance, Industry):
        search_documents_changed(CenterPage, CenterPage.objects.filter(industry_links__industry__translation_key=key))
        search_documents_changed(EventPage, EventPage.objects.filter(industry_links__industry__translation_key=key))
    elif isinstance(instance, Service):
        search_documents_changed(CenterPage, CenterPage.objects.filter(service_links__service__translation_key=key))


def connect() -> None:
    """Called by `DirectoryConfig.ready`; the handlers do nothing unless the site searches on Elasticsearch."""
    page_published.connect(_center_published, sender=CenterPage, dispatch_uid="search_es_center_events")
    for model in (Area, Industry, Service):
        post_save.connect(_taxonomy_saved, sender=model, dispatch_uid=f"search_es_{model.__name__}")
