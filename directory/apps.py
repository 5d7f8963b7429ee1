from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from home.cache import invalidate_on_changes


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("directory of centers and events")

    def ready(self):
        # Any change to this app's rows may change a public page (home/cache.py).
        invalidate_on_changes(self.label)
        # Elasticsearch documents holding a center's or a taxonomy's name (home/search_es); imported in ready()
        # because they use the models, loaded only now.
        from directory import search_documents

        search_documents.connect()
