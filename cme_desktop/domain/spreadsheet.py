"""The one way CME Desk turns rows into delimited text (CSV for the office, tab-delimited for uploads).

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel, LibreOffice and
Google Sheets, which run it when the file is opened: a learner who signs in as `=HYPERLINK("http://x","click")`
would put a live link (or worse, `+cmd|' /C calc'!A0`) in the office's spreadsheet. OWASP's rule for CSV
injection is to prefix such a cell with a single quote, which spreadsheets show as text and do not evaluate.
Imports keep what people typed; only what the app writes is neutralised, here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# OWASP, "CSV Injection": the characters that start a formula, plus tab and carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet shows it without evaluating it."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def delimited_text(
    columns: Sequence[str] | None,
    rows: Iterable[Sequence[str]],
    delimiter: str = ",",
) -> str:
    """Rows (and a header row unless `columns` is None) as delimited text with CRLF line ends, every cell
    neutralised. CSV quotes a cell holding a comma, quote or line break; a tab-delimited upload has no quoting
    (a quote is part of the value), so a tab or line break inside a cell becomes a space there."""
    lines = ([columns] if columns is not None else []) + [list(r) for r in rows]
    if delimiter == "\t":
        return "".join("\t".join(_flat(neutralise(c)) for c in line) + "\r\n" for line in lines)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([neutralise(c) for c in line] for line in lines)
    return out.getvalue()


def _flat(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())
