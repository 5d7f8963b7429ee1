"""Importing the province's records (centers, yearly ratings, revocations) from XLSX or CSV files in the
template's format, and exporting the directory in the same format.

- `columns`: the template's columns and allowed values; cells to values;
- `reading`: a file into rows (`read_table`, `ImportFileError`);
- `plan` and `checking`: the dry run (`check` → `Plan`), nothing written;
- `writing`: carrying out a plan in one transaction (`apply`);
- `workbook`: the template and the export;
- `uploads`: the uploaded file kept privately between preview and confirmation.
"""

from directory.importing.checking import check
from directory.importing.columns import CENTERS, KINDS, RATINGS, REVOCATIONS
from directory.importing.plan import Plan, Site
from directory.importing.reading import ImportFileError, read_table
from directory.importing.workbook import export, template
from directory.importing.writing import apply


def preview(content: bytes, *, kind: str, filename: str = "", site: Site | None = None) -> Plan:
    """The dry run of a file: read it and check every row (raises `ImportFileError` for an unreadable file)."""
    site = site or Site()
    return check(read_table(content, kind=kind, filename=filename), kind=kind, site=site)


def import_file(content: bytes, *, kind: str, filename: str = "", by=None) -> Plan:
    """Check `content` again and, when no row has an error, write it all in one transaction."""
    site = Site()
    plan = preview(content, kind=kind, filename=filename, site=site)
    if plan.ok:
        apply(plan, site=site, by=by)
    return plan


__all__ = [
    "CENTERS",
    "KINDS",
    "RATINGS",
    "REVOCATIONS",
    "ImportFileError",
    "Plan",
    "Site",
    "apply",
    "check",
    "export",
    "import_file",
    "preview",
    "read_table",
    "template",
]
