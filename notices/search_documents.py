"""Notices on Elasticsearch (issue 15): one document for every notice type (they share one index; the
type is `content_type` and `kind`), with the facets of the notices list. Registered in
`wagtail_hooks.py` through home's hook "search_document_types"."""

from elasticsearch.dsl import Date, Integer, Keyword, TermsFacet

from home.search_es.documents import FACET_SIZE, PageDocument, PageFacetedSearch


class NoticeDocument(PageDocument):
    """A live notice: kind (application, publicity, evaluation, revocation, policy), publication date and
    year, issuing units and document number as keywords."""

    kind = Keyword()
    year = Integer()
    published_on = Date()
    issuing_units = Keyword()
    document_number = Keyword()

    @classmethod
    def facet_values(cls, page) -> dict:
        return {
            "kind": page.kind,
            "year": page.published_on.year if page.published_on else None,
            "published_on": page.published_on,
            "issuing_units": page.issuing_unit_list,
            "document_number": page.document_number or None,
        }


class NoticeFacetedSearch(PageFacetedSearch):
    doc_types = [NoticeDocument]
    facets = {
        "kind": TermsFacet(field="kind", size=FACET_SIZE),
        "year": TermsFacet(field="year", size=FACET_SIZE),
        "type": TermsFacet(field="content_type", size=FACET_SIZE),
    }
