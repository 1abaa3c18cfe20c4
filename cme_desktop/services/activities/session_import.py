"""Importing a series' sessions from a CSV file (columns date, start, end, topic, speakers, room; credits optional).

First a preview with a row-by-row report, then all rows or none: one bad row and nothing is written. The file is
read by the one reader every import uses (services/importing), so rows are numbered by the file line they start
on. `speakers` stays text for now.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.csvfile import Columns, CsvText, Record, match_columns
from cme_desktop.domain.localtime import parse_date, parse_time
from cme_desktop.services.activities.calendar import summaries
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
from cme_desktop.services.importing.report import (
    ImportRefused,
    ImportReport,
    ImportRow,
    Source,
    file_report,
    load,
)
from cme_desktop.services.office.settings import office_zone
from cme_desktop.store.activities import Activity, ActivitySession

KIND = "sessions"
COLUMNS = ("date", "start", "end", "topic", "speakers", "room", "credits")
REQUIRED = ("date", "start", "end")
REPORT_COLUMNS = ("Date", "Time", "Topic", "Speakers", "Room", "Credits")
HEADINGS: dict[str, tuple[str, ...]] = {
    "date": ("day", "session date"),
    "start": ("start time", "starts", "begin", "from"),
    "end": ("end time", "ends", "finish", "to"),
    "topic": ("title", "session title"),
    "speakers": ("speaker", "faculty", "presenter", "presenters"),
    "room": ("location",),
    "credits": ("credit",),
}

SessionImportError = ImportRefused  # the name the activities pages used


def parse_preview(
    ctx: Context, activity_id: int, source: Source, timezone: str | None = None
) -> ImportReport:
    """Read the file (or CSV text) and say what each row would become and what is wrong; nothing is written."""
    table = load(source)
    zone = zone_named(timezone, office_zone(ctx))
    with ctx.db.transaction() as session:
        report, _ = _analyse(session, load_activity(session, activity_id), table, zone)
        return report


def commit_import(
    ctx: Context, activity_id: int, source: Source, timezone: str | None = None
) -> ImportReport:
    """Create every session of the file with its attendance code, or none: raises ImportRefused otherwise."""
    table = load(source)
    zone = zone_named(timezone, office_zone(ctx))
    with ctx.db.transaction() as session:
        activity = load_activity(session, activity_id)
        report, proposals = _analyse(session, activity, table, zone)
        if not report.ok:
            raise ImportRefused(report)
        ids = write_sessions(ctx, session, activity, proposals, f"import of {table.name}")
        session.flush()
        codes = {s.id: s.attendance_code for s in summaries(session, ActivitySession.id.in_(ids))}
        rows = tuple(
            replace(row, subject_id=session_id, note=f"attendance code {codes.get(session_id)}")
            for row, session_id in zip(report.rows, ids, strict=True)
        )
        return replace(report, rows=rows, committed=True)


def _analyse(
    session: Session, activity: Activity, table: CsvText, zone: ZoneInfo
) -> tuple[ImportReport, list[ProposedSession]]:
    if table.header is None:
        problem = "the file is empty: it has no header and no sessions."
        return file_report(KIND, table, REPORT_COLUMNS, problem), []
    columns = match_columns(table.header, HEADINGS)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problem = (
            f"the first row must name the columns ({', '.join(COLUMNS[:6])}); "
            f"{' and '.join(repr(c) for c in missing)} {'is' if len(missing) == 1 else 'are'} missing."
        )
        return file_report(KIND, table, REPORT_COLUMNS, problem), []
    parsed = [(record, *_row(record, columns, zone)) for record in table.records]
    good = [(record.line, p) for record, p, problems in parsed if p is not None and not problems]
    plan = plan_problems(
        session, activity, [p for _, p in good], [f"the session on line {n}" for n, _ in good], zone
    )
    extra: dict[int, list[str]] = {}
    file_problems = []
    for index, message in plan:
        if index is None:
            file_problems.append(message[:1].lower() + message[1:])
        else:
            extra.setdefault(good[index][0], []).append(message)
    rows = tuple(
        ImportRow(
            record.line,
            _cells(proposal, columns.values(record), zone),
            "" if problems or record.line in extra else "new",
            tuple(problems + extra.get(record.line, [])),
        )
        for record, proposal, problems in parsed
    )
    report = ImportReport(
        KIND,
        table.name,
        table.read_as,
        REPORT_COLUMNS,
        rows,
        tuple(file_problems),
        columns.ignored,
    )
    return report, [p for _, p in good]


def _row(record: Record, columns: Columns, zone: ZoneInfo) -> tuple[ProposedSession | None, list[str]]:
    problems = columns.cell_problems(record)
    if problems:
        return None, problems
    cells = columns.values(record)
    values: dict[str, Any] = {}
    for column, parse in (("date", parse_date), ("start", parse_time), ("end", parse_time)):
        if not cells.get(column):
            problems.append(f"The {column} is missing.")
            continue
        try:
            values[column] = parse(cells[column])
        except ValueError as error:
            problems.append(str(error))
    if problems:
        return None, problems
    data = SessionInput(
        day=values["date"],
        start=values["start"],
        end=values["end"],
        topic=cells.get("topic", ""),
        speakers=cells.get("speakers", ""),
        room=cells.get("room", ""),
        credits=cells.get("credits") or None,
        timezone=zone.key,
    )
    try:
        return propose(data, zone), []
    except ValueError as error:
        return None, [str(error)]


def _cells(proposal: ProposedSession | None, cells: dict[str, str], zone: ZoneInfo) -> tuple[str, ...]:
    """What the preview shows: the session as understood, or the cells as typed when they could not be read."""
    if proposal is None:
        when = f"{cells.get('start', '')} – {cells.get('end', '')}".strip(" –")
        return (
            cells.get("date", ""),
            when,
            cells.get("topic", ""),
            cells.get("speakers", ""),
            cells.get("room", ""),
            cells.get("credits", ""),
        )
    start, end = proposal.starts_at.astimezone(zone), proposal.ends_at.astimezone(zone)
    return (
        f"{start:%a %b} {start.day}, {start.year}",
        f"{_clock(start)} – {_clock(end)}",
        proposal.topic or "",
        proposal.speakers or "",
        proposal.room or "",
        format_credits(proposal.credit_quarters),
    )


def _clock(moment: Any) -> str:
    return f"{moment:%I:%M %p}".lstrip("0")
