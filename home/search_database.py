"""Wagtail's database search backend (modelsearch: SQLite FTS5, or PostgreSQL), chosen by the database as
modelsearch chooses it, with one change: indexing a page no longer reads the whole index twice.

After every write modelsearch sets the written entries' `title_norm` (a title's length against the
average, for Wagtail's own ranking in the admin) by averaging the length of every title in the index and
then updating every entry whose norm is still the default 1.0: two scans of the whole table, ~65 ms on
SQLite and ~120 ms on PostgreSQL at 60,000 entries (10,000 centers, 50,000 notices), on every save of a
page — twice per publish, and on each draft the page editor saves in the background while someone types.
Here the average is kept a while in the cache (`AVERAGE_TTL`; it moves slowly) and only the entries just
written are updated, found by their key. A rebuild (`update_index`) still refreshes every entry from a
fresh average. The site's own search (`home.search`) ranks by BM25 and does not read title_norm.

Two more changes keep what the public sees in step with the index:
- every write to the index draws a new generation of the page cache and the memo (`home.cache`), so a
  search served from either never outlives the index it was answered from — also when a worker
  (`db_worker`) writes the entry after the editor's transaction has committed;
- saving only a page's new draft (Wagtail's autosave while an editor types, `home.cache.saves_only_a_draft`)
  does not write the index: the entry holds the live page, which such a save leaves as it was."""

from functools import lru_cache

from django.core.cache import cache
from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.utils import get_content_type_pk

from home.cache import invalidate_public_pages, saves_only_a_draft

AVERAGE_KEY = "search-title-length-average"
AVERAGE_TTL = 600


class WrittenEntriesTitleNorms:
    """For modelsearch's database indexes: `_refresh_title_norms` after a write updates the entries that
    write made, from a cached average title length."""

    _written = None  # (content type pk, object ids) while add_items runs

    def add_items(self, model, objs):
        objs = list(objs)
        self._written = (get_content_type_pk(model), [str(obj.pk) for obj in objs])
        try:
            super().add_items(model, objs)
        finally:
            self._written = None
        invalidate_public_pages()

    def delete_item(self, item):
        super().delete_item(item)
        invalidate_public_pages()

    def average_title_length(self) -> float | None:
        average = cache.get(AVERAGE_KEY)
        if average is None:
            titled = self.entries.annotate(title_length=Length("title")).filter(title_length__gt=0)
            average = titled.aggregate(Avg("title_length"))["title_length__avg"]
            if average is not None:
                cache.set(AVERAGE_KEY, average, AVERAGE_TTL)
        return average

    def _refresh_title_norms(self, full=False):
        if full or self._written is None:
            cache.delete(AVERAGE_KEY)
            super()._refresh_title_norms(full=full)
            return
        average = self.average_title_length()
        if average is None:  # no entry has a title
            return
        content_type_pk, object_ids = self._written
        written = self.entries.filter(content_type_id=content_type_pk, object_id__in=object_ids)
        written.annotate(title_length=Length("title")).filter(title_length__gt=0).update(
            title_norm=average / F("title_length")
        )


@lru_cache
def writing_only_what_it_wrote(index_class):
    """modelsearch's index class for this database (SQLite's or PostgreSQL's: each module can be imported
    only on its own database, so the class is taken from the backend) with `WrittenEntriesTitleNorms`."""
    return type(index_class.__name__, (WrittenEntriesTitleNorms, index_class), {"__module__": __name__})


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up in a backend's module)
    """modelsearch's database backend for this database, its index refreshing title norms as above."""
    backend = database_backend(params)
    if hasattr(backend.index_class, "_refresh_title_norms"):
        backend.index_class = writing_only_what_it_wrote(backend.index_class)
    return backend


def index_unless_only_a_draft(handler):
    """modelsearch's `post_save` receiver (`handler`), skipping a save that only records a page's new draft:
    the index holds the live page. Installed by `HomeConfig.ready`, before Wagtail's search app connects it."""

    def post_save_signal_handler(instance, update_fields=None, **kwargs):
        if not saves_only_a_draft(instance, update_fields):
            handler(instance, update_fields=update_fields, **kwargs)

    post_save_signal_handler.__wrapped__ = handler
    return post_save_signal_handler
