from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from home.cache import invalidate_on_changes


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("applications and objections")

    def ready(self):
        # Any change to this app's rows may change a public page (home/cache.py): its counts of objections,
        # applications, registrations. None of these rows is kept in the per-process memo (sites, locales,
        # pages, settings), so a burst of objections does not make every process look those up again.
        invalidate_on_changes(self.label, records_only=True)
        # In ready(): these modules use the models, loaded only now.
        from submissions.alerts import signals as alert_signals
        from submissions.services.change_reports import recount_due_after_calendar_change

        alert_signals.connect()
        # Art. 17: change reports' due days follow the official calendar staff enter.
        for signal in (post_save, post_delete):
            # The sender by label: Django resolves it once notices' models are loaded.
            signal.connect(
                recount_due_after_calendar_change, sender="notices.HolidaySchedule", dispatch_uid="change-report-due"
            )
