from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from home.cache import invalidate_on_changes


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("notices")

    def ready(self):
        from notices import signals  # in ready(): its receivers use the models, loaded only now

        signals.connect()
        # Any change to this app's rows may change a public page (home/cache.py).
        invalidate_on_changes(self.label)
