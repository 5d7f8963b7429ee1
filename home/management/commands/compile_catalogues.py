"""Compile the project's .po catalogues into .mo files in Python (Babel), so `make run` works on a machine
without GNU gettext. Django's `compilemessages` needs `msgfmt`; this needs nothing installed by hand.

Like `msgfmt` without `--use-fuzzy`, fuzzy entries are left out; a catalogue whose entries do not match their
placeholders (e.g. `%(count)s` missing from the translation) is reported and fails the command. A .mo newer
than its .po is left alone unless `--force`."""

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SKIPPED = {".venv", "node_modules", ".git", "staticfiles", "media", "private-media"}


def project_catalogues(root: Path) -> list[Path]:
    """Every `locale/<lang>/LC_MESSAGES/*.po` of the project's apps and site/, none from installed packages."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED and not name.startswith("."))
        if Path(folder).name == "LC_MESSAGES":
            found += [Path(folder) / name for name in sorted(files) if name.endswith(".po")]
    return found


def compile_catalogue(po_path: Path, *, force: bool = False) -> tuple[bool, list[str]]:
    """Write the .mo beside `po_path`. Returns (written, problems): nothing is written when there are problems."""
    mo_path = po_path.with_suffix(".mo")
    if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False, []
    with po_path.open("rb") as source:
        catalog = read_po(source, abort_invalid=True)
    problems = [
        f"{po_path}:{message.lineno}: {error}"
        for message, errors in catalog.check()
        for error in errors
        if not message.fuzzy
    ]
    if problems:
        return False, problems
    with mo_path.open("wb") as target:
        write_mo(target, catalog, use_fuzzy=False)
    return True, []


class Command(BaseCommand):
    help = "Compile the project's .po catalogues to .mo with Babel (no GNU gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile even when the .mo is up to date.")

    def handle(self, *args, force=False, verbosity=1, **options):
        root = Path(settings.BASE_DIR)
        written, problems = 0, []
        catalogues = project_catalogues(root)
        for po_path in catalogues:
            changed, found = compile_catalogue(po_path, force=force)
            written += changed
            problems += found
        if problems:
            raise CommandError("Catalogues with errors (nothing written for them):\n" + "\n".join(problems))
        if verbosity:
            self.stdout.write(
                f"Translations: {written} of {len(catalogues)} catalogue(s) compiled, the rest up to date."
            )
