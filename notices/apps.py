from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("notices")

    def ready(self):
        from notices import signals

        signals.connect()
