"""Reading an uploaded file into rows: XLSX (openpyxl) or CSV (UTF-8, with or without BOM).

A file that is not a spreadsheet, is larger than `DIRECTORY_IMPORT_MAX_BYTES`, has more than
`DIRECTORY_IMPORT_MAX_ROWS` rows or lacks the template's columns raises `ImportFileError` with a message
for the editor. Row numbers are the spreadsheet's (the header is row 1).
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from directory.importing.columns import COLUMNS, EXAMPLE_MARK, Column, as_text, header_key

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 10_000


class ImportFileError(Exception):
    """The file as a whole cannot be read; `messages` say why, in the editor's language."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


@dataclass
class Table:
    """The rows of a file: (row number, {column key: cell value}), example and empty rows left out."""

    columns: tuple[Column, ...]
    letters: dict[str, str] = field(default_factory=dict)  # column key → spreadsheet letter
    rows: list[tuple[int, dict]] = field(default_factory=list)

    def where(self, key: str) -> str:
        """How a column is named to the editor: its letter and header, e.g. "C（所在地区）"."""
        column = next(c for c in self.columns if c.key == key)
        letter = self.letters.get(key, "")
        return f"{letter}（{column.header}）" if letter else column.header


def max_bytes() -> int:
    return getattr(settings, "DIRECTORY_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows() -> int:
    return getattr(settings, "DIRECTORY_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xlsx_rows(content: bytes):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("This file could not be read as an Excel workbook (.xlsx).")) from exc
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("This CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8 (comma delimited)” and upload it again.")
        ) from exc
    if "\x00" in text:
        raise ImportFileError(_("This file is not a spreadsheet: upload an .xlsx or a .csv file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096].split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def read_table(content: bytes, *, kind: str, filename: str = "") -> Table:
    """The rows of `content` (the bytes of an uploaded file) for records of `kind`."""
    if len(content) > max_bytes():
        raise ImportFileError(
            _("This file is %(size)s; the largest file accepted is %(limit)s. Split it into several files.")
            % {"size": filesizeformat(len(content)), "limit": filesizeformat(max_bytes())}
        )
    if not content.strip():
        raise ImportFileError(_("This file is empty."))
    name = filename.lower()
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("This is an old Excel file (.xls). Save it as .xlsx or CSV UTF-8 and upload it again."))
    if content.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(content)
    elif name.endswith((".xlsx", ".xlsm")) or name.endswith((".pdf", ".doc", ".docx", ".zip", ".png", ".jpg")):
        raise ImportFileError(_("This file is not a spreadsheet: upload an .xlsx or a .csv file."))
    else:
        rows = _csv_rows(content)
    return _table(rows, kind=kind)


def _table(rows, *, kind: str) -> Table:
    columns = COLUMNS[kind]
    by_header = {}
    for column in columns:
        by_header[header_key(column.header)] = column
        by_header[header_key(column.key)] = column
    table = Table(columns=columns)
    header = None
    for number, values in enumerate(rows, start=1):
        values = list(values or ())
        if header is None:
            if not any(as_text(v) for v in values):
                continue
            header = _read_header(values, by_header, table, columns)
            continue
        if not any(as_text(v) for v in values):
            continue
        first = as_text(values[0]) if values else ""
        if first.startswith(as_text(EXAMPLE_MARK)):
            continue
        if len(table.rows) >= max_rows():
            raise ImportFileError(
                _("This file has more than %(limit)s rows; split it into several files.") % {"limit": max_rows()}
            )
        row = {key: (values[index] if index < len(values) else None) for index, key in header.items()}
        table.rows.append((number, row))
    if header is None:
        raise ImportFileError(_("This file has no header row. Download the template and fill it in."))
    return table


def _read_header(values, by_header, table, columns) -> dict[int, str]:
    header, unknown = {}, []
    for index, value in enumerate(values):
        text = as_text(value)
        if not text:
            continue
        column = by_header.get(header_key(text))
        if column is None or column.key in header.values():
            unknown.append(text)
            continue
        header[index] = column.key
        table.letters[column.key] = _letter(index)
    missing = [c.header for c in columns if c.required and c.key not in header.values()]
    if missing or unknown:
        messages = []
        if missing:
            messages.append(_("Missing columns: %(columns)s.") % {"columns": "、".join(missing)})
        if unknown:
            messages.append(_("Columns not in the template: %(columns)s.") % {"columns": "、".join(unknown)})
        messages.append(
            _("The columns of this file do not match the template; expected: %(columns)s.")
            % {"columns": "、".join(c.header for c in columns)}
        )
        raise ImportFileError(*messages)
    return header
