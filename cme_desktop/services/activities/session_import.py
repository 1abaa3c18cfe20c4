"""Importing a series' sessions from a CSV file (columns date, start, end, topic, speakers, room; credits optional).

First a preview with a row-by-row report, then all rows or none: one bad row and nothing is written. Rows are
numbered as a spreadsheet shows them, the header being row 1.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from cme_desktop.domain.localtime import parse_date, parse_time
from cme_desktop.services.activities.calendar import SessionSummary, summaries
from cme_desktop.services.activities.model import ActivityError
from cme_desktop.services.activities.queries import load_activity
from cme_desktop.services.activities.session_plan import (
    ProposedSession,
    SessionInput,
    plan_problems,
    propose,
    write_sessions,
    zone_named,
)
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.store.activities import Activity, ActivitySession

COLUMNS = ("date", "start", "end", "topic", "speakers", "room", "credits")
REQUIRED = ("date", "start", "end")
ALIASES = {
    "date": "date",
    "day": "date",
    "session date": "date",
    "start": "start",
    "start time": "start",
    "starts": "start",
    "begin": "start",
    "from": "start",
    "end": "end",
    "end time": "end",
    "ends": "end",
    "finish": "end",
    "to": "end",
    "topic": "topic",
    "title": "topic",
    "session title": "topic",
    "speakers": "speakers",
    "speaker": "speakers",
    "faculty": "speakers",
    "presenter": "speakers",
    "presenters": "speakers",
    "room": "room",
    "location": "room",
    "credits": "credits",
    "credit": "credits",
}


@dataclass(frozen=True)
class RowProblem:
    """What is wrong, and on which row (None for the file as a whole)."""

    row: int | None
    message: str

    def __str__(self) -> str:
        if self.row is None or self.message.startswith((f"Row {self.row} ", f"Row {self.row},")):
            return self.message
        return f"Row {self.row}: {self.message}"


@dataclass(frozen=True)
class ImportRow:
    row: int
    session: ProposedSession | None
    problems: tuple[str, ...]


@dataclass(frozen=True)
class ImportPreview:
    """Every data row with the session it would become and its problems, plus the file's own problems."""

    source: str
    rows: tuple[ImportRow, ...]
    problems: tuple[RowProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def sessions(self) -> tuple[ProposedSession, ...]:
        return tuple(r.session for r in self.rows if r.session is not None)


class SessionImportError(ActivityError):
    """The import was refused and nothing was written; `preview` holds the row-by-row report."""

    def __init__(self, preview: ImportPreview) -> None:
        rows = {p.row for p in preview.problems if p.row is not None}
        count = (
            f"{len(rows)} row{'s have' if len(rows) != 1 else ' has'} problems"
            if rows
            else "the file has a problem"
        )
        super().__init__(f"Nothing was imported: {count}. {preview.problems[0]}")
        self.preview = preview


def parse_preview(
    ctx: Context, activity_id: int, source: str | Path, timezone: str | None = None
) -> ImportPreview:
    """Read the file (or CSV text) and say what each row would become and what is wrong; nothing is written."""
    text, name = _read(source)
    zone = zone_named(timezone, office_zone(ctx))
    with ctx.db.transaction() as session:
        return _analyse(session, load_activity(session, activity_id), text, name, zone)


def commit_import(
    ctx: Context, activity_id: int, source: str | Path, timezone: str | None = None
) -> list[SessionSummary]:
    """Create every session of the file with its attendance code, or none: raises SessionImportError otherwise."""
    text, name = _read(source)
    zone = zone_named(timezone, office_zone(ctx))
    with ctx.db.transaction() as session:
        activity = load_activity(session, activity_id)
        preview = _analyse(session, activity, text, name, zone)
        if not preview.ok:
            raise SessionImportError(preview)
        ids = write_sessions(ctx, session, activity, preview.sessions, f"import of {name}")
        session.flush()
        return summaries(session, ActivitySession.id.in_(ids))


def _read(source: str | Path) -> tuple[str, str]:
    """The CSV text and a name for it: a Path (or a string naming a file) is read, any other string is the CSV."""
    looks_like_file = isinstance(source, Path) or (
        "\n" not in source and (source.lower().endswith((".csv", ".txt")) or _is_file(source))
    )
    if not looks_like_file:
        return str(source), "pasted text"
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ActivityError(f"The file {path} could not be read: {error.strerror or error}.") from error
    try:
        return data.decode("utf-8-sig"), path.name
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), path.name


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL in it: not a file
        return False


def _analyse(session: Session, activity: Activity, text: str, name: str, zone: ZoneInfo) -> ImportPreview:
    records = [
        (number, cells)
        for number, cells in enumerate(_records(text), start=1)
        if any(c.strip() for c in cells)
    ]
    if not records:
        return ImportPreview(
            name, (), (RowProblem(None, "The file is empty: it has no header and no sessions."),)
        )
    header_row, header = records[0]
    columns = {
        ALIASES[c.strip().lower()]: i
        for i, c in reversed(list(enumerate(header)))
        if c.strip().lower() in ALIASES
    }
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        return ImportPreview(
            name,
            (),
            (
                RowProblem(
                    header_row,
                    f"The first row must name the columns ({', '.join(COLUMNS[:6])}); "
                    f"{' and '.join(repr(c) for c in missing)} {'is' if len(missing) == 1 else 'are'} missing.",
                ),
            ),
        )
    parsed: list[tuple[int, ProposedSession | None, list[str]]] = []
    for number, cells in records[1:]:
        proposal, problems = _row(cells, columns, zone)
        parsed.append((number, proposal, problems))
    if not parsed:
        return ImportPreview(name, (), (RowProblem(None, "The file has a header but no sessions."),))
    good = [(number, p) for number, p, problems in parsed if p is not None]
    plan = plan_problems(session, activity, [p for _, p in good], [f"Row {n}" for n, _ in good], zone)
    row_of = {index: good[index][0] for index, _ in enumerate(good)}
    extra: dict[int, list[str]] = {}
    file_problems = []
    for index, message in plan:
        if index is None:
            file_problems.append(RowProblem(None, message))
        else:
            extra.setdefault(row_of[index], []).append(message)
    rows = tuple(ImportRow(n, p, tuple(problems + extra.get(n, []))) for n, p, problems in parsed)
    report = [RowProblem(r.row, m) for r in rows for m in r.problems] + file_problems
    return ImportPreview(name, rows, tuple(report))


def _records(text: str) -> list[list[str]]:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _row(
    cells: list[str], columns: dict[str, int], zone: ZoneInfo
) -> tuple[ProposedSession | None, list[str]]:
    def cell(column: str) -> str:
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    problems: list[str] = []
    values: dict[str, Any] = {}
    for column, parse in (("date", parse_date), ("start", parse_time), ("end", parse_time)):
        if not cell(column):
            problems.append(f"The {column} is missing.")
            continue
        try:
            values[column] = parse(cell(column))
        except ValueError as error:
            problems.append(str(error))
    if problems:
        return None, problems
    data = SessionInput(
        day=values["date"],
        start=values["start"],
        end=values["end"],
        topic=cell("topic"),
        speakers=cell("speakers"),
        room=cell("room"),
        credits=cell("credits") or None,
        timezone=zone.key,
    )
    try:
        return propose(data, zone), []
    except ValueError as error:
        return None, [str(error)]
