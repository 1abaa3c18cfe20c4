"""Reading a CSV file the way a coordinator's spreadsheet wrote it: the one reader behind every import.

Excel and its cousins write UTF-8 (with or without a byte-order mark), UTF-16 ("Unicode text") or Windows-1252
(plain "CSV" on Windows), separated by commas, semicolons (European settings) or tabs. The reader says which it
used, keeps a line break typed inside a quoted cell, and numbers each row by the file line it starts on (what a
text editor shows; a blank line or a cell with a line break no longer shifts the numbers). A cell longer than
MAX_CELL or holding a NUL character is reported on its row, never sent to the database.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cme_desktop.errors import InputError

MAX_FILE_BYTES = 64 * 1024 * 1024
# Longer than any field CME Desk keeps from an import (a session topic is 300 characters), short enough that a
# cell pasted from a document, or a hostile file, is refused on its row.
MAX_CELL = 1_000
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_XLSX = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Record:
    """One row of the file: the line it starts on (the first line is 1) and its cells as written."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class CsvText:
    """A file read: how (encoding and separator), its header row, and its non-blank rows after the header."""

    name: str
    encoding: str
    delimiter: str
    header: Record | None
    records: tuple[Record, ...]

    @property
    def read_as(self) -> str:
        """'Windows-1252, separated by semicolons', for the import preview."""
        return f"{self.encoding}, separated by {DELIMITERS[self.delimiter]}s"


@dataclass(frozen=True)
class Columns:
    """Which cell holds which field: the header matched against an importer's column names."""

    index: Mapping[str, int]
    headings: Mapping[str, str]  # field -> the heading as the file wrote it
    ignored: tuple[str, ...]  # headings no field matched

    def __contains__(self, field: str) -> bool:
        return field in self.index

    def values(self, record: Record) -> dict[str, str]:
        """The row's cells by field name, trimmed; a missing cell (a short row) is empty."""
        cells = record.cells
        return {field: cells[i].strip() if i < len(cells) else "" for field, i in self.index.items()}

    def cell_problems(self, record: Record) -> list[str]:
        """Cells the database must never see: too long for any field, or holding a NUL character."""
        problems = []
        for field, i in self.index.items():
            cell = record.cells[i] if i < len(record.cells) else ""
            heading = self.headings[field]
            if len(cell) > MAX_CELL:
                problems.append(
                    f"The {heading} cell has {len(cell):,} characters; a cell holds at most {MAX_CELL:,}."
                )
            if "\x00" in cell:
                problems.append(
                    f"The {heading} cell holds a NUL character (an invisible control code); retype the cell."
                )
        return problems


def decode(data: bytes, name: str = "The file") -> tuple[str, str]:
    """The text of a CSV file and the name of the encoding it was read in."""
    if data.startswith((_XLSX, _OLE)):
        raise InputError(
            f"{name} is an Excel workbook, not a CSV file: in Excel choose File > Save As > CSV UTF-8."
        )
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16"), "UTF-16"
        guessed = _utf16_without_bom(data)
        if guessed is not None:
            return data.decode(guessed), "UTF-16"
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name} is damaged: it says it is Unicode text but byte {error.start + 1:,} is not; "
            "save it again from the spreadsheet as CSV UTF-8."
        ) from error
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name} is not text CME Desk can read (not UTF-8, UTF-16 or Windows-1252; byte {error.start + 1:,}); "
            "save it from the spreadsheet as CSV UTF-8."
        ) from error


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as a zero byte beside every ASCII character."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.4 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.4 and odd < half * 0.05:
        return "utf-16-be"
    return None


def sniff_delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of comma, semicolon and tab outside quotes."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_csv(data: bytes | str, name: str = "The file") -> CsvText:
    """Decode, find the separator, and split into rows numbered by the line each starts on.

    `data` is the file's bytes, or text already decoded (pasted into a form). Blank rows are passed over but
    still counted as lines; the first non-blank row is the header.
    """
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise InputError(
                f"{name} is {len(data) / 1_048_576:,.0f} MB; CME Desk imports files up to "
                f"{MAX_FILE_BYTES // 1_048_576} MB: split it into smaller files."
            )
        text, encoding = decode(data, name)
    else:
        text, encoding = data.lstrip("\ufeff"), "text"
    delimiter = sniff_delimiter(text)
    # The csv module refuses a cell over 128 KiB with an error, not a row; the cap above is ours, per cell.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)
    rows: list[Record] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise InputError(f"{name} cannot be read as CSV at line {line}: {error}.") from error
        if any(cell.strip() for cell in cells):
            rows.append(Record(line, tuple(cells)))
    return CsvText(name, encoding, delimiter, rows[0] if rows else None, tuple(rows[1:]))


def heading_key(heading: str) -> str:
    """'First_Name', 'first-name' and ' First  Name ' are one heading: 'first name'."""
    return " ".join(re.sub(r"[_\-/.]", " ", heading.replace("\ufeff", "")).lower().split())


def match_columns(header: Record, names: Mapping[str, Iterable[str]]) -> Columns:
    """Match the header against `names` (field -> the headings that mean it); the first matching cell wins."""
    wanted = {heading_key(alias): field for field, aliases in names.items() for alias in (field, *aliases)}
    index: dict[str, int] = {}
    headings: dict[str, str] = {}
    ignored: list[str] = []
    for i, heading in enumerate(header.cells):
        field = wanted.get(heading_key(heading))
        if field is None:
            if heading.strip():
                ignored.append(_shown(heading))
        elif field not in index:
            index[field] = i
            headings[field] = _shown(heading)
    return Columns(index, headings, tuple(ignored))


def _shown(heading: str) -> str:
    """A heading as messages quote it: trimmed, and cut short if a file put a paragraph in its header."""
    text = " ".join(heading.replace("\ufeff", "").split())
    return text if len(text) <= 40 else text[:39] + "…"
