"""Erase personal data of objections closed longer than the retention period (PIPL); run it daily."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from submissions import services


class Command(BaseCommand):
    help = (
        "Erase names, contact details, facts and evidence of objections closed more than "
        "OBJECTION_RETENTION_DAYS ago, keeping counts and outcomes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Retention period in days (default: OBJECTION_RETENTION_DAYS)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be erased.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.OBJECTION_RETENTION_DAYS if days is None else days
        now = timezone.now()
        if dry_run:
            count = services.objections_due_for_erasure(at=now, retention_days=days).count()
            self.stdout.write(f"{count} objection(s) closed more than {days} days ago would be erased.")
            return
        count = services.objections_erase_personal_data(at=now, retention_days=days)
        self.stdout.write(
            self.style.SUCCESS(f"Erased personal data of {count} objection(s) closed more than {days} days ago.")
        )
