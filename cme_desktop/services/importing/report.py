"""What an import does with each row of a file, and the sentences that sum it up.

Every importer is all or nothing: a preview runs the same checks and saves nothing, and the import itself saves
every row or, when any row has a problem, none (raising ImportRefused with the report).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from cme_desktop.domain.csvfile import CsvText, read_csv
from cme_desktop.errors import InputError

SHOWN = 80  # characters of a cell the report keeps
Source = Path | str | bytes
"""A file to read, CSV text pasted into a form (str), or a file's bytes."""


@dataclass(frozen=True)
class ImportRow:
    """One row of the file: where it starts, what it says (one cell per report column), and what importing it
    does, or every problem that stops it."""

    line: int
    cells: tuple[str, ...]
    outcome: str = ""  # a word the summary counts: "new", "updated", "recorded", ...; "" when it has problems
    problems: tuple[str, ...] = ()
    note: str = ""  # more about an importable row: "same NetID as the stored profile", "code 2356446"
    subject_id: int | None = None  # the profile or session the row is about, once known

    def __post_init__(self) -> None:
        # Cells are for showing: one line each, and short, whatever a hostile file put in them.
        object.__setattr__(self, "cells", tuple(_shown(cell) for cell in self.cells))

    @property
    def ok(self) -> bool:
        return not self.problems


def _shown(cell: str) -> str:
    if len(cell) <= SHOWN and cell.isprintable():
        return cell  # nearly every cell: nothing to do
    text = " ".join(cell.replace("\x00", " ").split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


@dataclass(frozen=True)
class ImportReport:
    """The whole file: how it was read, each row, and the problems of the file as a whole."""

    kind: str  # what the rows are, plural: "people", "sessions", "attendance claims"
    source: str  # the file's name
    read_as: str  # "Windows-1252, separated by semicolons"
    columns: tuple[str, ...]  # headings of ImportRow.cells
    rows: tuple[ImportRow, ...]
    file_problems: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    committed: bool = False
    advice: str = ""  # what to do before trying again, when rows have problems

    @property
    def problem_rows(self) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if r.problems)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.file_problems and not self.problem_rows

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome and r.ok)

    def tally(self) -> str:
        """'2 new, 1 updated, 3 unchanged': the outcomes in the order they first appear."""
        counts = Counter(r.outcome for r in self.rows if r.ok)
        return ", ".join(f"{n} {outcome}" for outcome, n in counts.items())

    def summary(self) -> str:
        """One sentence for the dialog and the command line."""
        if self.file_problems:
            return f"Nothing can be imported from {self.source}: {self.file_problems[0]}"
        if not self.rows:
            return f"Nothing can be imported from {self.source}: it has a header but no rows."
        bad = self.problem_rows
        if bad:
            rows = f"{len(bad)} of {len(self.rows)} row{'s' if len(self.rows) != 1 else ''}"
            return (
                f"Nothing can be imported yet: {rows} need{'s' if len(bad) == 1 else ''} fixing "
                f"(first: line {bad[0].line}). Fix the file, then check it again."
            )
        rows = f"{len(self.rows)} row{'s' if len(self.rows) != 1 else ''} of {self.kind}"
        if self.committed:
            return f"Imported {rows} from {self.source}: {self.tally()}."
        return f"{rows} ready to import from {self.source}: {self.tally()}."


class ImportRefused(InputError):
    """Some rows (or the file) have problems, so nothing was imported; `report` says row by row why."""

    def __init__(self, report: ImportReport) -> None:
        if report.file_problems or not report.rows:
            reason = report.file_problems[0] if report.file_problems else "the file has a header but no rows."
            message = f"Nothing was imported: {reason}"
        else:
            bad = report.problem_rows
            message = (
                f"Nothing was imported: {len(bad)} of {len(report.rows)} rows need fixing "
                f"(first: line {bad[0].line}: {bad[0].problems[0].rstrip('.')})."
            )
        super().__init__(message)
        self.report = report


def load(source: Source) -> CsvText:
    """Read an import's file (or pasted text) with the one reader; a file that cannot be read is a sentence."""
    if isinstance(source, Path):
        try:
            data = source.read_bytes()
        except FileNotFoundError as error:
            raise InputError(f"There is no file {source}.") from error
        except IsADirectoryError as error:
            raise InputError(f"{source} is a folder; choose a CSV file.") from error
        except OSError as error:
            raise InputError(f"The file {source} could not be read: {error.strerror or error}.") from error
        return read_csv(data, source.name)
    if isinstance(source, bytes):
        return read_csv(source)
    return read_csv(source, "pasted text")


def file_report(kind: str, table: CsvText, columns: tuple[str, ...], problem: str) -> ImportReport:
    """A report for a file that cannot be imported as a whole (no header, a needed column missing)."""
    return ImportReport(kind, table.name, table.read_as, columns, (), (problem,))
