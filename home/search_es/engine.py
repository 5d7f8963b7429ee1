"""`ElasticsearchEngine`: `home.search.SearchEngine` on Elasticsearch 8 (issue 15). Chosen by settings
(SEARCH_ENGINE, set when ELASTICSEARCH_URL is); the directory and the site search call `home.search` and
never know it is there. The terms and groups come from `home.search` (the same tokens as the database
path); the bodies from `home.search_es.queries`."""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from elasticsearch.dsl import Q, Search

from home.search import BackendEngine, SearchEngine, query_terms, term_groups
from home.search_es.config import alias_name, chinese_plugin, client
from home.search_es.documents import content_type_filter
from home.search_es.queries import RANK_SORT, frequency_query, match_query, relevance_query
from home.search_es.registry import document_type_for


def model_labels(model) -> set[str]:
    """ "app_label.modelname" of `model` and its concrete subclasses (the documents' `content_type`)."""
    return {m._meta.label_lower for m in apps.get_models() if issubclass(m, model)}


class ElasticsearchEngine(SearchEngine):
    """Matching and ranking in Elasticsearch; the queryset's own conditions (live, language, place in the
    tree, facets) stay in the database, which the page code filters as before. `MATCH_WINDOW` hits come in
    one response; beyond that a scroll fetches the rest. A ranking is restricted to the queryset's pages
    (a `terms` filter on `page_id`) when it holds at most `RESTRICT_LIMIT` of them; a bigger one is
    intersected after fetching `OVERFETCH` × limit hits. A model without a registered document type is
    searched through Wagtail's backend (`home.search.BackendEngine`)."""

    MATCH_WINDOW = 10_000
    RESTRICT_LIMIT = 10_000
    OVERFETCH = 20
    fallback = BackendEngine()  # a model no app registered a document for: Wagtail's own search

    def search_for(self, model) -> Search:
        document_type = document_type_for(model)
        if document_type is None:
            raise ImproperlyConfigured(f"No Elasticsearch document type is registered for {model._meta.label}.")
        search = Search(using=client(), index=alias_name(document_type.name))
        if model is not document_type.model:
            search = search.filter(content_type_filter(model_labels(model)))
        return search

    def match_search(self, model, groups) -> Search:
        search = self.search_for(model).filter(match_query(groups)).source(False)
        return search.extra(track_total_hits=True)[: self.MATCH_WINDOW]

    def match_pks(self, queryset, groups):
        if document_type_for(queryset.model) is None:
            return self.fallback.match_pks(queryset, groups)
        search = self.match_search(queryset.model, groups)
        response = search.execute()
        if response.hits.total.value > len(response.hits):
            return sorted(int(hit.meta.id) for hit in search.scan())
        return sorted(int(hit.meta.id) for hit in response.hits)

    def ranking_search(self, model, terms, groups) -> Search:
        query = relevance_query(terms, groups, plugin=chinese_plugin())
        return self.search_for(model).query(query).sort(*RANK_SORT).source(False)

    def ranked_pks(self, queryset, terms, groups, limit):
        if document_type_for(queryset.model) is None:
            return self.fallback.ranked_pks(queryset, terms, groups, limit)
        allowed = list(queryset.order_by().values_list("pk", flat=True)[: self.RESTRICT_LIMIT + 1])
        search = self.ranking_search(queryset.model, terms, groups)
        if len(allowed) <= self.RESTRICT_LIMIT:
            if not allowed:
                return []
            return [int(hit.meta.id) for hit in search.filter("terms", page_id=allowed)[:limit].execute()]
        allowed = set(queryset.order_by().values_list("pk", flat=True))
        hits = search[: limit * self.OVERFETCH].execute()
        return [pk for pk in (int(hit.meta.id) for hit in hits) if pk in allowed][:limit]

    def document_frequency(self, model, term) -> int:
        if document_type_for(model) is None:
            return self.fallback.document_frequency(model, term)
        return self.search_for(model).filter(frequency_query(term)).count()

    def faceted_search(self, model, **kwargs):
        """The registered `PageFacetedSearch` of `model`'s kind, bound to its index, or None."""
        document_type = document_type_for(model)
        if document_type is None or document_type.faceted_search is None:
            return None
        return document_type.faceted_search(
            index=alias_name(document_type.name), plugin=chinese_plugin(), using=client(), **kwargs
        )

    def facet_counts(self, queryset, query, filters, *, exclude=None):
        """The faceted search's counts for the pages of `queryset` (a `terms` filter on their ids; None, so
        the caller counts in SQL, when they are more than `RESTRICT_LIMIT` or the kind has no facets)."""
        document_type = document_type_for(queryset.model)
        if document_type is None or document_type.faceted_search is None:
            return None
        facets = document_type.faceted_search.facets
        pks = list(queryset.order_by().values_list("pk", flat=True)[: self.RESTRICT_LIMIT + 1])
        if len(pks) > self.RESTRICT_LIMIT:
            return None
        terms = query_terms(query)
        faceted = self.faceted_search(
            queryset.model,
            terms=terms,
            groups=term_groups(queryset.model, terms) if terms else [],
            filters={name: value for name, value in filters.items() if name in facets},
            base_filters=[Q("terms", page_id=pks)],
            defaults={
                name: ~Q("terms", **{facets[name]._params["field"]: list(values)})
                for name, values in (exclude or {}).items()
                if name in facets
            },
        )
        response = faceted[0:0].execute()
        return {name: {value: count for value, count, _selected in response.facets[name]} for name in facets}
