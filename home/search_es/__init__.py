"""Directory and site search on Elasticsearch 8 (issue 15), beside the database engines of
`home.search`: the same interface (`SearchEngine`), the same text → terms (`home.search.tokens`), chosen by
settings (`ELASTICSEARCH_URL` sets `SEARCH_ENGINE` to `home.search_es.engine.ElasticsearchEngine`).

- `analysis`: the analyzers (the project's pre-segmented tokens split on whitespace; `ik_smart` or `smartcn`
  on a `.chinese` sub-field when `ELASTICSEARCH_CHINESE_ANALYZER` says the plugin is installed), for our
  indexes and for Wagtail's own backend alike;
- `documents`: `PageDocument`, the base of the one `Document` per searchable kind, which the apps owning the
  kinds declare and register through the hook "search_document_types" (`registry`), and `PageFacetedSearch`;
- `queries`: the query bodies (matching, ranking, document frequency), built with elasticsearch-dsl;
- `engine`: `ElasticsearchEngine`, the `home.search.SearchEngine` on Elasticsearch;
- `indexing`: versioned indexes behind aliases (create, migrate, rebuild with no downtime), bulk writes, and
  the updates on publish, unpublish, move and delete (background tasks, `home.tasks`);
- `wagtail_backend`: Wagtail's elasticsearch8 backend with the same analysis and the query cut into terms.

This package imports nothing at module level so that settings may read `analysis`."""
