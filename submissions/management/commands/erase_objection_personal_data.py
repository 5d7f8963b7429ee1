"""Erase personal data the site no longer needs (PIPL); run it daily: objections closed longer than the
retention period, and event registrations a set time after their event."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from submissions import services


class Command(BaseCommand):
    help = (
        "Erase names, contact details, facts and evidence of objections closed more than "
        "OBJECTION_RETENTION_DAYS ago, keeping counts and outcomes; and names, units and contact details of "
        "event registrations whose event ended more than EVENT_REGISTRATION_RETENTION_DAYS ago, keeping counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Retention period in days (default: OBJECTION_RETENTION_DAYS)."
        )
        parser.add_argument(
            "--registration-days",
            type=int,
            default=None,
            help="Days after an event its registrations are kept (default: EVENT_REGISTRATION_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be erased.")

    def handle(self, *args, days=None, registration_days=None, dry_run=False, **options):
        days = settings.OBJECTION_RETENTION_DAYS if days is None else days
        if registration_days is None:
            registration_days = settings.EVENT_REGISTRATION_RETENTION_DAYS
        now = timezone.now()
        if dry_run:
            count = services.objections_due_for_erasure(at=now, retention_days=days).count()
            self.stdout.write(f"{count} objection(s) closed more than {days} days ago would be erased.")
            count = services.registrations_due_for_erasure(at=now, retention_days=registration_days).count()
            self.stdout.write(
                f"{count} event registration(s) of events ended more than {registration_days} days ago would be erased."
            )
            return
        count = services.objections_erase_personal_data(at=now, retention_days=days)
        self.stdout.write(
            self.style.SUCCESS(f"Erased personal data of {count} objection(s) closed more than {days} days ago.")
        )
        count = services.registrations_erase_personal_data(at=now, retention_days=registration_days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased personal data of {count} event registration(s) of events ended more than "
                f"{registration_days} days ago."
            )
        )
