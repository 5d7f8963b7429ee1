"""python manage.py import_directory FILE --kind centers|ratings|revocations [--commit]

The admin's import screen on the command line: a dry run by default (what would be created, updated and
skipped, every error with its row and column); with --commit, and only when no row has an error, every
row is written in one transaction."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory import importing


class Command(BaseCommand):
    help = "Import centers, yearly ratings or revocations from an XLSX or CSV file in the template's format."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", choices=importing.KINDS, required=True)
        parser.add_argument("--commit", action="store_true", help="write the rows (default: a dry run)")

    def handle(self, *args, file: Path, kind: str, commit: bool, **options):
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            if commit:
                plan = importing.import_file(content, kind=kind, filename=file.name)
            else:
                plan = importing.preview(content, kind=kind, filename=file.name)
        except importing.ImportFileError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        for action in plan.changes:
            changes = f" ({', '.join(action.changes)})" if action.changes else ""
            self.stdout.write(f"row {action.row}: {action.action} {action.label}{changes}")
        for note in plan.notes:
            self.stdout.write(f"row {note.row}, {note.column}: {note.message}")
        for error in plan.errors:
            self.stderr.write(f"row {error.row}, {error.column}: {error.message}")
        summary = (
            f"{plan.created} to create, {plan.updated} to update, {plan.skipped} unchanged, "
            f"{len(plan.errors)} errors, {len(plan.notes)} notes"
        )
        if not plan.ok:
            raise CommandError(f"{summary}. Nothing was written: correct the file and run it again.")
        if commit:
            self.stdout.write(self.style.SUCCESS(f"Imported: {summary}."))
        else:
            self.stdout.write(f"Dry run: {summary}. Nothing was written; add --commit to import.")
