"""Email each confirmed registrant the day before their event (Asia/Shanghai); run it once a day, e.g.
at 09:00. Safe to run again or twice at once: a registration is never reminded twice."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from submissions import services


class Command(BaseCommand):
    help = "Send the reminder the day before an event to its confirmed registrants (idempotent)."

    def handle(self, *args, **options):
        sent, failed = services.registrations_send_reminders(at=timezone.now())
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} event reminder(s)."))
        if failed:
            self.stderr.write(f"{failed} reminder(s) could not be sent and will be tried on the next run.")
