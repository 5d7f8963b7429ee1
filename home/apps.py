from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("home and site chrome")

    def ready(self):
        # In ready(): these modules use the models, which are loaded only now.
        from modelsearch import signal_handlers

        from home import (
            cache,
            checks,  # noqa: F401 - registers the deploy checks
        )
        from home.search_database import index_unless_only_a_draft
        from home.search_es import signals as search_es_signals

        cache.connect()
        search_es_signals.connect()
        # Before wagtail.search (listed after home) connects the receiver that indexes every saved page.
        signal_handlers.post_save_signal_handler = index_unless_only_a_draft(signal_handlers.post_save_signal_handler)
