from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("home and site chrome")

    def ready(self):
        from home import (
            cache,
            checks,  # noqa: F401 - registers the deploy checks
        )

        cache.connect()
