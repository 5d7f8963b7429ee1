"""The Elasticsearch indexes of the directory and site search (issue 15; `home.search_es.indexing`).

    python manage.py search_index create     # every missing index, empty, behind its alias
    python manage.py search_index migrate    # new mapping/analysis: copy into a new index, swap the alias
    python manage.py search_index rebuild    # fill new indexes from the database, swap the aliases

`--only centers` (repeatable) limits it to some indexes. Searches keep working throughout: pages are read
through the alias, which moves to the new index in one atomic step. Wagtail's own index (admin search)
is rebuilt by `python manage.py update_index`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from elastic_transport import TransportError
from elasticsearch import ApiError

from home.search_es import indexing
from home.search_es.config import enabled
from home.search_es.registry import document_types

ACTIONS = {
    "create": indexing.create_indexes,
    "migrate": indexing.migrate_indexes,
    "rebuild": indexing.rebuild_indexes,
}


class Command(BaseCommand):
    help = "Create, migrate (new index + alias swap) or rebuild the Elasticsearch indexes of the site's search."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=sorted(ACTIONS))
        parser.add_argument("--only", action="append", default=[], help="an index's short name, e.g. centers")

    def handle(self, *args, action, only, **options):
        if not enabled():
            raise CommandError("ELASTICSEARCH_URL is not set: the site searches its database; nothing to do.")
        known = {t.name for t in document_types()}
        unknown = set(only) - known
        if unknown:
            raise CommandError(f"Unknown index {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}.")
        try:
            made = ACTIONS[action](only, stdout=self.stdout)
        except (TransportError, ApiError) as error:
            raise CommandError(
                f"Elasticsearch at {settings.ELASTICSEARCH_URL} refused or did not answer: {error}"
            ) from error
        if not made:
            self.stdout.write("Nothing to do: every index exists.")
