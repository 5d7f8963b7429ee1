"""Find (and with --delete remove) files in the private storage that no submission names: left behind by
a worker killed mid-submission. Dry run by default; run it daily."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from submissions import files


class Command(BaseCommand):
    help = (
        "List files in the private storage older than --older-than-hours that no attachment row names "
        "(and staged files of interrupted submissions); --delete removes them and finishes interrupted moves."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours", type=float, default=24, help="Only files older than this (default: 24)."
        )
        parser.add_argument("--delete", action="store_true", help="Remove orphans (default: only list them).")

    def handle(self, *args, older_than_hours=24, delete=False, **options):
        sweep = files.sweep_private_storage(
            older_than=dt.timedelta(hours=older_than_hours), now=timezone.now(), delete=delete
        )
        for name in sweep.orphans:
            self.stdout.write(f"{'removed' if delete else 'orphan'}: {name}")
        for name in sweep.unfinished_moves:
            self.stdout.write(f"{'moved into place' if delete else 'staged, row committed'}: {name}")
        summary = (
            f"{len(sweep.orphans)} orphan file(s) older than {older_than_hours:g} h"
            f"{' removed' if delete else ' (dry run: add --delete to remove them)'}; "
            f"{len(sweep.unfinished_moves)} interrupted move(s){' finished' if delete else ''}."
        )
        self.stdout.write(self.style.SUCCESS(summary) if delete else summary)
