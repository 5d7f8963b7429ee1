"""The base of every searchable kind's Elasticsearch document, and of its faceted search. The apps owning
the kinds (directory: centers and events; notices: notices) subclass `PageDocument` with a keyword field
per facet and register it through the hook "search_document_types" (`home.search_es.registry`).

Text fields hold `home.search` tokens (the same text the database engines index): `title` (the name and its
pinyin), `summary` (the second-weight text) and `body` (everything; matching is done on it). Weights are
query-time boosts (`FIELD_BOOSTS`), as in the database engines: title above summary above body."""

from elasticsearch.dsl import Document, FacetedSearch, Integer, Keyword, Q, Text

from home.search import SearchTitleField
from home.search_es.analysis import CHINESE, TOKENS
from home.search_es.queries import FIELD_BOOSTS, relevance_query

TEXT_FIELDS = tuple(FIELD_BOOSTS)
# Every value of every facet comes back with its count: more buckets than any taxonomy holds (the default
# of a terms aggregation is 10).
FACET_SIZE = 1000


def token_text() -> Text:
    """A text field of pre-segmented tokens, with a `.chinese` sub-field for a plugin's analyzer."""
    return Text(analyzer=TOKENS, search_analyzer=TOKENS, fields={"chinese": Text(analyzer=CHINESE)})


class PageDocument(Document):
    """A live page as Elasticsearch holds it; its `_id` is the page's primary key. Subclasses add their
    facets as `Keyword` (or `Integer`) fields and fill them in `facet_values(page)`; `prepare(queryset)`
    adds what building many documents needs (select_related / prefetch_related), so that indexing a
    thousand pages costs a fixed number of queries."""

    page_id = Integer()
    title = token_text()
    summary = token_text()
    body = token_text()
    locale = Keyword()
    content_type = Keyword()
    path = Keyword()

    @classmethod
    def prepare(cls, queryset):
        return queryset.select_related("locale", "content_type")

    @classmethod
    def facet_values(cls, page) -> dict:
        return {}

    @classmethod
    def from_page(cls, page) -> "PageDocument":
        content_type = page.content_type
        return cls(
            meta={"id": page.pk},
            page_id=page.pk,
            title=SearchTitleField().get_value(page),
            summary=page.search_summary(),
            body=page.search_text(),
            locale=page.locale.language_code,
            content_type=f"{content_type.app_label}.{content_type.model}",
            path=page.path,
            **cls.facet_values(page),
        )


class PageFacetedSearch(FacetedSearch):
    """A faceted search over one kind: the hits matching the query's terms (see `home.search_es.queries`),
    every facet value with its count, each facet counted with the other facets' filters (picking a value
    narrows like the database listing's `queryset_without`). Subclasses set `doc_types` and `facets`
    (`TermsFacet(field=..., size=FACET_SIZE)`).

    `terms`, `groups`: `home.search.query_terms` and `term_groups` of the query (none: every page);
    `filters`: facet name → value; `base_filters`: what the listing always applies (language, place in the
    tree), as elasticsearch-dsl queries; `defaults`: facet name → a filter applied while that facet has no
    value (e.g. the directory hides revoked centers), left out of that facet's own counts."""

    fields = ()  # matching is ours (term clauses), not multi_match on the raw query

    def __init__(
        self,
        *,
        index,
        terms=(),
        groups=(),
        filters=None,
        base_filters=(),
        defaults=None,
        plugin="",
        using="default",
    ):
        self.index = index
        self.using = using
        self.terms = list(terms)
        self.groups = [tuple(g) for g in groups]
        self.base_filters = list(base_filters)
        self.defaults = dict(defaults or {})
        self.plugin = plugin
        super().__init__(query=" ".join(self.terms) or None, filters=filters or {}, sort=("_score", "page_id"))

    def build_search(self):
        for name, default in self.defaults.items():
            if name not in self._filters:
                self._filters[name] = default
        return super().build_search()

    def search(self):
        s = super().search()
        for base in self.base_filters:
            s = s.filter(base)
        return s.extra(track_total_hits=True)

    def query(self, search, query):
        if not self.terms:
            return search
        return search.query(relevance_query(self.terms, self.groups, plugin=self.plugin))


def content_type_filter(labels) -> Q:
    return Q("terms", content_type=sorted(labels))
