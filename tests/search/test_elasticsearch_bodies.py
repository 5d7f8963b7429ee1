"""Elasticsearch without a server (issue 15): the analysis, the mappings and the query and aggregation
bodies that elasticsearch-dsl builds (`to_dict()`), so that a change to any of them fails CI. The same
searches run against a live server in the behaviour suites (`search_engine` fixture, tests/conftest.py)."""

import pytest
from django.test import override_settings
from elasticsearch.dsl import Q

from directory.models import CenterPage, EventPage
from directory.search_documents import CenterFacetedSearch
from home.search import query_terms
from home.search_es import analysis
from home.search_es.documents import FACET_SIZE
from home.search_es.engine import ElasticsearchEngine
from home.search_es.indexing import index_body, versioned_name
from home.search_es.queries import match_query, relevance_query
from home.search_es.registry import document_type_for, document_types
from home.search_es.wagtail_backend import ChineseElasticsearch8SearchBackend
from notices.models import NoticePage, PolicyNotice

TOKENS = {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}
TOKEN_TEXT = {
    "type": "text",
    "analyzer": "jx_tokens",
    "search_analyzer": "jx_tokens",
    "fields": {"chinese": {"type": "text", "analyzer": "jx_chinese"}},
}
BASE_PROPERTIES = {
    "page_id": {"type": "integer"},
    "title": TOKEN_TEXT,
    "summary": TOKEN_TEXT,
    "body": TOKEN_TEXT,
    "locale": {"type": "keyword"},
    "content_type": {"type": "keyword"},
    "path": {"type": "keyword"},
}
ES = override_settings(ELASTICSEARCH_URL="http://elasticsearch.invalid:9200", ELASTICSEARCH_INDEX_PREFIX="jx_dtpc")


# --- Analysis ---------------------------------------------------------------------------------------


def test_a_stock_server_splits_the_projects_tokens_on_whitespace_only():
    section = analysis.analysis()
    assert section["analyzer"]["jx_tokens"] == TOKENS
    # the sub-field analyzer exists on a stock server (CJK bigrams), so the mapping never changes
    assert section["analyzer"]["jx_chinese"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["cjk_width", "lowercase", "cjk_bigram"],
    }


@pytest.mark.parametrize(("plugin", "tokenizer"), [("ik_smart", "ik_smart"), ("smartcn", "smartcn_tokenizer")])
def test_a_chinese_plugin_named_in_settings_analyses_the_chinese_sub_fields(plugin, tokenizer):
    section = analysis.analysis(plugin)
    assert section["analyzer"]["jx_chinese"] == {"type": "custom", "tokenizer": tokenizer, "filter": ["lowercase"]}
    assert section["analyzer"]["jx_tokens"] == TOKENS


def test_an_unknown_plugin_is_refused():
    with pytest.raises(ValueError, match="ELASTICSEARCH_CHINESE_ANALYZER"):
        analysis.analysis("jieba")


def test_wagtails_backend_gets_the_same_analysis_not_the_standard_tokenizer():
    backend = ChineseElasticsearch8SearchBackend(
        {"URLS": ["http://elasticsearch.invalid:9200"], "INDEX_SETTINGS": analysis.wagtail_index_settings("ik_smart")}
    )
    analyzers = backend.settings["settings"]["analysis"]["analyzer"]
    assert analyzers["default"] == TOKENS
    assert analyzers["jx_tokens"] == TOKENS
    assert analyzers["jx_chinese"]["tokenizer"] == "ik_smart"
    for name in ("ngram_analyzer", "edgengram_analyzer"):
        assert analyzers[name]["tokenizer"] == "whitespace", name
    # Wagtail's own filters are kept
    assert "edgengram" in backend.settings["settings"]["analysis"]["filter"]
    assert backend.mapping_class.edgengram_analyzer_config["search_analyzer"] == "jx_tokens"


@pytest.mark.django_db
def test_wagtails_backend_sends_the_query_as_the_projects_terms():
    backend = ChineseElasticsearch8SearchBackend({"URLS": ["http://elasticsearch.invalid:9200"]})
    compiler = backend.query_compiler_class(CenterPage.objects.all(), "贛州市稀土中心")
    body = str(compiler.get_query())
    assert " ".join(query_terms("贛州市稀土中心")) in body
    assert "贛州" not in body


def test_settings_switch_both_searches_to_elasticsearch(monkeypatch):
    """ELASTICSEARCH_URL in the environment: our engine and Wagtail's backend with the site's analysis."""
    import importlib

    import config.settings.base as base

    monkeypatch.setenv("ELASTICSEARCH_URL", "http://search.internal:9200")
    monkeypatch.setenv("ELASTICSEARCH_CHINESE_ANALYZER", "smartcn")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.SEARCH_ENGINE == "home.search_es.engine.ElasticsearchEngine"
        backend = reloaded.WAGTAILSEARCH_BACKENDS["default"]
        assert backend["BACKEND"] == "home.search_es.wagtail_backend"
        assert backend["URLS"] == ["http://search.internal:9200"]
        assert backend["INDEX_SETTINGS"] == analysis.wagtail_index_settings("smartcn")
    finally:
        monkeypatch.delenv("ELASTICSEARCH_URL")
        monkeypatch.delenv("ELASTICSEARCH_CHINESE_ANALYZER")
        importlib.reload(base)


# --- Mappings ---------------------------------------------------------------------------------------


def test_one_index_per_searchable_kind():
    assert {(t.name, t.model) for t in document_types()} == {
        ("centers", CenterPage),
        ("events", EventPage),
        ("notices", NoticePage),
    }
    assert document_type_for(PolicyNotice).name == "notices"


def test_the_centers_mapping_has_a_keyword_per_facet_and_token_text():
    body = index_body(document_type_for(CenterPage), plugin="")
    assert body["settings"] == {"analysis": analysis.analysis("")}
    assert body["mappings"]["properties"] == {
        **BASE_PROPERTIES,
        "kind": {"type": "keyword"},
        "area": {"type": "keyword"},
        "industries": {"type": "keyword"},
        "services": {"type": "keyword"},
        "status": {"type": "keyword"},
        "rating": {"type": "keyword"},
        "rating_year": {"type": "integer"},
        "year": {"type": "integer"},
        "name_sort_key": {"type": "keyword"},
    }


def test_the_notices_and_events_mappings():
    notices = index_body(document_type_for(NoticePage), plugin="ik_smart")
    assert notices["settings"]["analysis"]["analyzer"]["jx_chinese"]["tokenizer"] == "ik_smart"
    assert notices["mappings"]["properties"] == {
        **BASE_PROPERTIES,
        "kind": {"type": "keyword"},
        "year": {"type": "integer"},
        "published_on": {"type": "date"},
        "issuing_units": {"type": "keyword"},
        "document_number": {"type": "keyword"},
    }
    events = index_body(document_type_for(EventPage), plugin="")
    assert events["mappings"]["properties"] == {
        **BASE_PROPERTIES,
        "area": {"type": "keyword"},
        "industries": {"type": "keyword"},
        "year": {"type": "integer"},
        "starts_at": {"type": "date"},
        "ends_at": {"type": "date"},
    }


@ES
def test_indexes_are_versioned_behind_an_alias():
    import datetime as dt

    name = versioned_name(document_type_for(CenterPage), dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC))
    assert name == "jx_dtpc-centers-20260501083000000000"


# --- Query bodies -----------------------------------------------------------------------------------


def test_matching_is_every_term_of_one_group_as_exact_tokens():
    assert match_query([("赣州", "稀土")]).to_dict() == {
        "bool": {"filter": [{"term": {"body": "赣州"}}, {"term": {"body": "稀土"}}]}
    }
    assert match_query([("萍乡", "陶瓷"), ("萍乡", "诊断")]).to_dict() == {
        "bool": {
            "should": [
                {"bool": {"filter": [{"term": {"body": "萍乡"}}, {"term": {"body": "陶瓷"}}]}},
                {"bool": {"filter": [{"term": {"body": "萍乡"}}, {"term": {"body": "诊断"}}]}},
            ],
            "minimum_should_match": 1,
        }
    }


def test_ranking_puts_every_term_first_then_weighted_bm25():
    body = relevance_query(["赣州", "稀土"], [("赣州", "稀土")]).to_dict()
    every = {"bool": {"filter": [{"term": {"body": "赣州"}}, {"term": {"body": "稀土"}}]}}
    assert body == {
        "bool": {
            "filter": [every],
            "should": [
                {"constant_score": {"filter": every, "boost": 1000.0}},
                {"multi_match": {"query": "赣州", "fields": ["title^5", "summary^2", "body^1"], "type": "most_fields"}},
                {"multi_match": {"query": "稀土", "fields": ["title^5", "summary^2", "body^1"], "type": "most_fields"}},
            ],
        }
    }


def test_with_a_plugin_the_chinese_sub_fields_count_a_little():
    body = relevance_query(["稀土"], [("稀土",)], plugin="ik_smart").to_dict()
    assert body["bool"]["should"][-1] == {
        "multi_match": {
            "query": "稀土",
            "fields": ["title.chinese^5", "summary.chinese^2", "body.chinese^1"],
            "type": "most_fields",
            "boost": 0.5,
        }
    }


@ES
def test_the_engines_requests():
    engine = ElasticsearchEngine()
    match = engine.match_search(CenterPage, [("赣州",)])
    assert match._index == ["jx_dtpc-centers"]
    assert match.to_dict() == {
        "query": {"bool": {"filter": [{"bool": {"filter": [{"term": {"body": "赣州"}}]}}]}},
        "track_total_hits": True,
        "size": 10000,
        "_source": False,
    }
    # a notice type searches the notices index, narrowed to its own type; ties go by page id
    ranking = engine.ranking_search(PolicyNotice, ["稀土"], [("稀土",)])
    assert ranking._index == ["jx_dtpc-notices"]
    body = ranking.to_dict()
    assert body["query"]["bool"]["filter"][0] == {"terms": {"content_type": ["notices.policynotice"]}}
    assert body["sort"] == [{"_score": {"order": "desc"}}, {"page_id": {"order": "asc"}}]
    assert body["_source"] is False


def test_the_directory_facets_return_every_value_counted_without_their_own_filter():
    search = CenterFacetedSearch(
        index="jx_dtpc-centers",
        terms=["稀土"],
        groups=[("稀土",)],
        filters={"kind": "industry"},
        base_filters=[Q("terms", page_id=[1, 2])],
        defaults={"status": ~Q("terms", status=["revoked"])},
    )
    body = search._s.to_dict()
    not_revoked = {"terms": {"status": ["revoked"]}}
    kind = {"terms": {"kind": ["industry"]}}
    assert body["post_filter"] == {"bool": {"must": [kind], "must_not": [not_revoked]}}
    assert set(body["aggs"]) == {
        f"_filter_{n}" for n in ("kind", "region", "industry", "service", "status", "rating", "year")
    }
    for name, agg in body["aggs"].items():
        facet = name.removeprefix("_filter_")
        terms = agg["aggs"][facet]["terms"]
        assert terms["size"] == FACET_SIZE  # every value, not the top 10
    # a facet is counted without its own filter: kind's counts ignore kind=industry, and the default
    # (revoked centers hidden while no status is chosen) leaves the status counts alone
    assert body["aggs"]["_filter_kind"]["filter"] == {"bool": {"must_not": [not_revoked]}}
    assert body["aggs"]["_filter_status"]["filter"] == kind
    assert body["aggs"]["_filter_region"]["filter"] == {"bool": {"must": [kind], "must_not": [not_revoked]}}
    assert body["query"]["bool"]["filter"][0] == {"terms": {"page_id": [1, 2]}}
    assert body["sort"] == ["_score", "page_id"]
    assert body["aggs"]["_filter_region"]["aggs"]["region"]["terms"]["field"] == "area"
