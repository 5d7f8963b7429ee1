"""Which page models have an Elasticsearch document: registered by the apps that own them (a lower app
never imports a higher one) through the Wagtail hook "search_document_types". Each function registered
for it takes no arguments and returns a `SearchDocumentType`."""

from dataclasses import dataclass

from wagtail import hooks

SEARCH_DOCUMENT_TYPES_HOOK = "search_document_types"


@dataclass(frozen=True)
class SearchDocumentType:
    """`name`: the index's short name ("centers"; the alias is `<prefix>-<name>`); `model`: the page model
    (its subclasses share the index: every notice type is a notice); `document`: a
    `home.search_es.documents.PageDocument` subclass; `faceted_search`: its `PageFacetedSearch`, if any."""

    name: str
    model: type
    document: type
    faceted_search: type | None = None


def document_types() -> list[SearchDocumentType]:
    return [fn() for fn in hooks.get_hooks(SEARCH_DOCUMENT_TYPES_HOOK)]


def document_type_for(model) -> SearchDocumentType | None:
    """The document type whose model is `model` or one of its parents, or None (not on Elasticsearch)."""
    for document_type in document_types():
        if issubclass(model, document_type.model):
            return document_type
    return None
