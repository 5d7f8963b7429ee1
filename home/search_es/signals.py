"""Keep the Elasticsearch documents current: a page published, unpublished, moved or deleted, or a center
whose status or rating a service changed (`search_documents_changed`, called by `directory.services`),
is written again once its transaction commits — by the task `home.tasks.update_search_documents`, which
runs at once without a worker and in `db_worker` with TASKS_BACKEND=django_tasks_db.DatabaseBackend.
Nothing happens unless ELASTICSEARCH_URL is set. A failure to reach Elasticsearch is logged and never
undoes the editor's action (`robust` on_commit); `search_index rebuild` repairs whatever was missed."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.models import get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.search_es.config import enabled
from home.search_es.registry import document_type_for, document_types
from home.tasks import update_search_documents

logger = logging.getLogger(__name__)


def _enqueue(label: str, pks: list[int]) -> None:
    update_search_documents.enqueue(model=label, pks=pks)


def search_documents_changed(model, pks) -> None:
    """Write the documents of `pks` (pages of `model`) again after the current transaction commits."""
    if not enabled():
        return
    document_type = document_type_for(model)
    if document_type is None:
        return
    pks = sorted({int(pk) for pk in (pks.values_list("pk", flat=True) if hasattr(pks, "values_list") else pks)})
    if pks:
        label = document_type.model._meta.label
        transaction.on_commit(lambda: _enqueue(label, pks), robust=True)


def _page_changed(sender, instance, **kwargs):
    search_documents_changed(type(instance), [instance.pk])


def _page_moved(sender, instance, **kwargs):
    """A moved page and everything under it: their place in the tree (and perhaps their site) changed."""
    if not enabled():
        return
    for document_type in document_types():
        pks = document_type.model._default_manager.descendant_of(instance, inclusive=True).values_list("pk", flat=True)
        search_documents_changed(document_type.model, list(pks))


def _page_deleted(sender, instance, **kwargs):
    search_documents_changed(type(instance), [instance.pk])


def connect() -> None:
    page_published.connect(_page_changed, dispatch_uid="search_es_published")
    page_unpublished.connect(_page_changed, dispatch_uid="search_es_unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="search_es_moved")
    # Each page type by itself: a receiver for every sender would cost every delete in the project Django's
    # fast path (see home.cache.invalidate_on_changes).
    for model in get_page_models():
        post_delete.connect(_page_deleted, sender=model, dispatch_uid=f"search_es_deleted_{model._meta.label_lower}")
