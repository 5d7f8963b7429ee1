"""Wagtail's own search (the admin, the API) on Elasticsearch 8 with the site's analysis: the index
settings come from `home.search_es.analysis.wagtail_index_settings` (settings pass them as INDEX_SETTINGS),
autocomplete fields are searched with the same whitespace analyzer they are indexed with, and a query is
cut into `home.search` terms before it is sent — Wagtail's page fields hold those terms, so 赣州稀土,
贛州 or ganzhou find what the site search finds."""

import copy

from wagtail.search.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)

from home.search import query_terms
from home.search_es.analysis import TOKENS


class ChineseMapping(Elasticsearch8Mapping):
    edgengram_analyzer_config = {"analyzer": "edgengram_analyzer", "search_analyzer": TOKENS}


def _segmented(query):
    """A copy of Wagtail's PlainText query whose string is the query's terms, space-separated."""
    terms = query_terms(query.query_string)
    if not terms:
        return query
    query = copy.copy(query)
    query.query_string = " ".join(terms)
    return query


class ChineseSearchQueryCompiler(Elasticsearch8SearchQueryCompiler):
    mapping_class = ChineseMapping

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        return super()._compile_plaintext_query(_segmented(query), fields, boost)


class ChineseAutocompleteQueryCompiler(Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = ChineseMapping

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        return super()._compile_plaintext_query(_segmented(query), fields, boost)


class ChineseElasticsearch8SearchBackend(Elasticsearch8SearchBackend):
    mapping_class = ChineseMapping
    query_compiler_class = ChineseSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseAutocompleteQueryCompiler


SearchBackend = ChineseElasticsearch8SearchBackend
