"""python manage.py export_directory FILE --kind centers|ratings|revocations

The directory's records in the import template's format (XLSX), ready to edit and import again."""

from pathlib import Path

from django.core.management.base import BaseCommand

from directory import importing


class Command(BaseCommand):
    help = "Export centers, yearly ratings or revocations as an XLSX file in the import template's format."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", choices=importing.KINDS, required=True)
        parser.add_argument("--template", action="store_true", help="write the empty template instead")

    def handle(self, *args, file: Path, kind: str, template: bool, **options):
        content = importing.template(kind) if template else importing.export(kind)
        file.write_bytes(content)
        self.stdout.write(f"Wrote {file}.")
