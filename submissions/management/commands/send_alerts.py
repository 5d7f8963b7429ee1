"""Send the email alerts that are due: deadline reminders (7 days and 1 day before an application window
closes), 公示 openings, new notices not alerted yet, yesterday's digest. Idempotent: run it every few
minutes (cron or a systemd timer); a message is never sent twice to the same address."""

from django.core.management.base import BaseCommand

from submissions.alerts.sending import send_alerts


class Command(BaseCommand):
    help = "Send the email alerts and reminders that are due (safe to run again and in parallel)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=None, help="At most this many messages (default ALERTS_MAX_PER_RUN)."
        )

    def handle(self, *args, limit=None, **options):
        report = send_alerts(limit=limit)
        self.stdout.write(f"Alerts: {report}.")
