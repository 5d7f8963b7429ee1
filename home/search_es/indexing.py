"""Elasticsearch indexes of the site's pages: one per document type, read and written through an alias
(`<prefix>-<name>`) that points at a versioned index (`<prefix>-<name>-<UTC time>`), so a new mapping or
analysis goes live by an atomic alias swap, with no moment when searches find nothing.

- `create_indexes`: every missing index, empty, behind its alias;
- `migrate_indexes`: a new versioned index with the current mapping and analysis, the documents copied
  from the old one by Elasticsearch (`_reindex`), the alias swapped, the old index deleted;
- `rebuild_indexes`: the same, but the documents are built afresh from the database (after a change of
  what a document holds). Pages published or changed while either runs are written again after the swap.

`update_pages(model, pks)` writes the documents of live pages and deletes the others (unpublished,
deleted, moved out of the site): what the signal handlers in `home.search_es.signals` call, through the
task `home.tasks.update_search_documents`."""

import datetime as dt
import logging

from django.apps import apps
from django.db.models import Q as DjangoQ
from django.utils import timezone
from elasticsearch import NotFoundError
from elasticsearch.dsl import Index

from home.search_es.analysis import analysis
from home.search_es.config import alias_name, chinese_plugin, client
from home.search_es.registry import SearchDocumentType, document_type_for, document_types

BATCH = 500
logger = logging.getLogger(__name__)


def _bulk(es, operations) -> None:
    """One bulk request; items Elasticsearch refused are logged (a document deleted twice is not an error)."""
    response = es.bulk(operations=operations)
    if not response.get("errors"):
        return
    for item in response.get("items", []):
        ((verb, result),) = item.items()
        if result.get("error") and not (verb == "delete" and result.get("status") == 404):
            logger.error("Elasticsearch refused to %s document %s: %s", verb, result.get("_id"), result["error"])


def index_definition(document_type: SearchDocumentType, name: str, *, plugin: str | None = None) -> Index:
    """The index `name` for `document_type`: its analysis and its document's mapping."""
    index = Index(name)
    index.settings(analysis=analysis(chinese_plugin() if plugin is None else plugin))
    index.document(document_type.document)
    return index


def index_body(document_type: SearchDocumentType, *, plugin: str | None = None) -> dict:
    """The body `indices.create` receives: {"settings": …, "mappings": …}."""
    return index_definition(document_type, "unused", plugin=plugin).to_dict()


def versioned_name(document_type: SearchDocumentType, now: dt.datetime | None = None) -> str:
    stamp = (now or timezone.now()).astimezone(dt.UTC).strftime("%Y%m%d%H%M%S%f")
    return f"{alias_name(document_type.name)}-{stamp}"


def _aliased(es, alias: str) -> list[str]:
    try:
        return sorted(es.indices.get_alias(name=alias).keys())
    except NotFoundError:
        return []


def _create(es, document_type, name: str) -> None:
    es.indices.create(index=name, **index_body(document_type))


def _swap(es, alias: str, new: str, old: list[str]) -> None:
    actions = [{"remove": {"index": name, "alias": alias}} for name in old]
    actions.append({"add": {"index": new, "alias": alias}})
    es.indices.update_aliases(actions=actions)
    for name in old:
        es.indices.delete(index=name)


def _selected(names) -> list[SearchDocumentType]:
    types = document_types()
    return [t for t in types if not names or t.name in names]


def create_indexes(names=(), *, stdout=None) -> list[str]:
    """Create every missing index (empty) behind its alias; returns the indexes created."""
    es = client()
    created = []
    for document_type in _selected(names):
        alias = alias_name(document_type.name)
        if _aliased(es, alias):
            continue
        name = versioned_name(document_type)
        _create(es, document_type, name)
        es.indices.put_alias(index=name, name=alias)
        created.append(name)
        if stdout:
            stdout.write(f"{alias} → {name} (created)")
    return created


def _renew(names, *, fill, stdout=None) -> list[str]:
    es = client()
    made = []
    for document_type in _selected(names):
        alias = alias_name(document_type.name)
        started = timezone.now()
        old = _aliased(es, alias)
        name = versioned_name(document_type)
        _create(es, document_type, name)
        count = fill(es, document_type, name, old)
        es.indices.refresh(index=name)
        _swap(es, alias, name, old)
        # What was written to the old index while the new one filled: write it again.
        caught_up = update_pages(document_type.model, _changed_since(document_type, started))
        made.append(name)
        if stdout:
            stdout.write(f"{alias} → {name}: {count} documents, {caught_up} written again after the swap")
    return made


def _copy(es, document_type, name, old) -> int:
    if not old:
        return write_documents(es, document_type, live_pages(document_type), index=name)
    result = es.reindex(source={"index": alias_name(document_type.name)}, dest={"index": name}, refresh=True)
    return int(result.get("total", 0))


def _fill(es, document_type, name, old) -> int:
    return write_documents(es, document_type, live_pages(document_type), index=name)


def migrate_indexes(names=(), *, stdout=None) -> list[str]:
    """New versioned indexes with the current mapping and analysis, documents copied by Elasticsearch."""
    return _renew(names, fill=_copy, stdout=stdout)


def rebuild_indexes(names=(), *, stdout=None) -> list[str]:
    """New versioned indexes filled from the database."""
    return _renew(names, fill=_fill, stdout=stdout)


def _changed_since(document_type, since) -> list[int]:
    changed = DjangoQ(last_published_at__gte=since) | DjangoQ(latest_revision_created_at__gte=since)
    return list(document_type.model._default_manager.filter(changed).values_list("pk", flat=True))


def live_pages(document_type, pks=None):
    queryset = document_type.model._default_manager.live()
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    return document_type.document.prepare(queryset.order_by("pk"))


def write_documents(es, document_type, pages, *, index: str) -> int:
    """Bulk-index `pages` into `index`, BATCH documents a request; returns how many."""
    count = 0
    operations = []
    for page in pages.iterator(chunk_size=BATCH) if hasattr(pages, "iterator") else pages:
        document = document_type.document.from_page(page)
        operations += [{"index": {"_index": index, "_id": str(page.pk)}}, document.to_dict()]
        count += 1
        if len(operations) >= 2 * BATCH:
            _bulk(es, operations)
            operations = []
    if operations:
        _bulk(es, operations)
    return count


def update_pages(model, pks) -> int:
    """Write the documents of the live pages among `pks` (of `model` or a subclass) and delete the
    documents of the others. Returns how many were written."""
    document_type = document_type_for(model)
    pks = sorted({int(pk) for pk in pks})
    if document_type is None or not pks:
        return 0
    es = client()
    alias = alias_name(document_type.name)
    pages = list(live_pages(document_type, pks))
    written = write_documents(es, document_type, pages, index=alias) if pages else 0
    gone = sorted(set(pks) - {page.pk for page in pages})
    if gone:
        _bulk(es, [{"delete": {"_index": alias, "_id": str(pk)}} for pk in gone])
    return written


def update_pages_by_label(label: str, pks) -> int:
    """`update_pages` for a model named "app_label.ModelName" (task arguments are plain values)."""
    return update_pages(apps.get_model(label), pks)
