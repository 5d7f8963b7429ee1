"""Background work of home, run by django-tasks: at once in development and tests, by `python manage.py
db_worker` in production (TASKS_BACKEND=django_tasks_db.DatabaseBackend)."""

from django_tasks import task

from home.cache import invalidate_public_pages
from home.search_es.indexing import update_pages_by_label


@task()
def update_search_documents(*, model: str, pks: list[int]) -> int:
    """Write the Elasticsearch documents of the pages `pks` of `model` ("app_label.ModelName") again, or
    delete those no longer live. Plain arguments, so a database-backed queue can hold them. Cached pages and
    remembered searches are drawn again: a worker writes after the editor's change has been published."""
    written = update_pages_by_label(model, pks)
    invalidate_public_pages()
    return written
