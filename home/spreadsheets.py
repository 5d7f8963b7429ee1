"""Cells for the CSV files the project writes (the desk's exports, the open-data directory): a text cell
that a spreadsheet program would run as a formula is neutralised. Every CSV writer calls `safe_cell`."""

# What Excel, LibreOffice and Numbers read as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet should show it: text starting with = + - @, a tab or a carriage return
    gets a leading apostrophe, so it is shown as text and never evaluated. Numbers, dates and other text
    are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    """`safe_cell` applied to each value of a row."""
    return [safe_cell(value) for value in values]
