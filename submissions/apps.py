from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from home.cache import invalidate_on_changes


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("applications and objections")

    def ready(self):
        # Any change to this app's rows may change a public page (home/cache.py).
        invalidate_on_changes(self.label)
        from submissions.alerts import signals as alert_signals

        alert_signals.connect()
