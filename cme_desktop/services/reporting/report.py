"""A report: a table of text cells for the receiving system with notes for the coordinator (what was left out,
what the file still lacks), and what every report shares. Days are the office's days: a session belongs to the
date it starts on in the office's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from cme_desktop.domain.spreadsheet import delimited_text
from cme_desktop.errors import InputError
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.reporting.files import write_export
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import Person, PersonEmail


class ReportKind(StrEnum):
    ATTENDANCE = "attendance"
    PARS = "pars"
    LEARNERS = "learners"
    STATE = "state"

    @property
    def label(self) -> str:
        return {
            ReportKind.ATTENDANCE: "Attendance",
            ReportKind.PARS: "PARS activity data (ACCME)",
            ReportKind.LEARNERS: "MOC learner completions (PARS)",
            ReportKind.STATE: "State licensing boards (PARS)",
        }[self]


@dataclass(frozen=True)
class Report:
    kind: ReportKind
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Sentences for the coordinator: what was left out, what the file still lacks.
    notes: tuple[str, ...] = ()
    # The file itself when it is not the table (PARS: ACCME's XML); the rows are then its preview.
    document: bytes | None = None

    @property
    def delimiter(self) -> str:
        """The office's reports are CSV; PARS's learner upload is tab-delimited text."""
        return "\t" if self.kind in (ReportKind.LEARNERS, ReportKind.STATE) else ","

    @property
    def header(self) -> bool:
        """PARS's tab-delimited uploads take the records alone, without a row of column names."""
        return self.kind not in (ReportKind.LEARNERS, ReportKind.STATE)

    @property
    def suffix(self) -> str:
        return {ReportKind.PARS: ".xml", ReportKind.LEARNERS: ".txt", ReportKind.STATE: ".txt"}.get(
            self.kind, ".csv"
        )

    def content(self) -> bytes:
        if self.document is not None:
            return self.document
        return delimited_text(self.columns if self.header else None, self.rows, self.delimiter).encode(
            "utf-8"
        )


def write_report(report: Report, path: Path) -> Path:
    """Write the report as its receiving system takes it (files.write_export: whole or not at all, no BOM)."""
    return write_export(path, report.content())


def active_claims(since: datetime, until: datetime) -> Select[AttendanceClaim, datetime, str, Person]:
    """Active claims for sessions starting in [since, until): the claim, session start, activity title, person."""
    return (
        select(AttendanceClaim, ActivitySession.starts_at, Activity.title, Person)
        .join(ActivitySession, ActivitySession.id == AttendanceClaim.session_id)
        .join(Activity, Activity.id == ActivitySession.activity_id)
        .join(Person, Person.id == AttendanceClaim.person_id)
        .where(
            ActivitySession.starts_at >= since,
            ActivitySession.starts_at < until,
            AttendanceClaim.revoked_at.is_(None),
        )
    )


def names_list(people: dict[int, str], shown: int = 10) -> str:
    names = sorted(people.values(), key=lambda n: (n.split()[-1].lower(), n.lower()))
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def primary_emails(session: Session, person_ids: set[int]) -> dict[int, str]:
    emails: dict[int, str] = {}
    for chunk in chunks(sorted(person_ids)):
        for person_id, address in session.execute(
            select(PersonEmail.person_id, PersonEmail.address)
            .where(PersonEmail.person_id.in_(chunk))
            .order_by(PersonEmail.is_primary.desc(), PersonEmail.id)
        ):
            emails.setdefault(person_id, address)  # the primary address comes first
    return emails


def chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    """IN lists short enough for SQLite's limit on bound parameters."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def period_instants(ctx: Context, start: date, end: date) -> tuple[ZoneInfo, datetime, datetime]:
    """The office's zone and the UTC instants of the office days `start` to `end`; a backwards period is refused."""
    if end < start:
        raise InputError("The period ends before it starts: pick an end date on or after the start date.")
    zone = office_zone(ctx)
    return (zone, *day_instants(start, end, zone))


def day_instants(start: date, end: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants from the start of `start` to the start of the day after `end`, in `zone`."""
    since = datetime.combine(start, time(), zone).astimezone(UTC)
    until = datetime.combine(end + timedelta(days=1), time(), zone).astimezone(UTC)
    return since, until


def period_text(start: date, end: date) -> str:
    if start == end:
        return f"{start:%B} {start.day}, {start.year}"
    if start.year == end.year:
        return f"{start:%B} {start.day} to {end:%B} {end.day}, {end.year}"
    return f"{start:%B} {start.day}, {start.year} to {end:%B} {end.day}, {end.year}"


def label(enum: type[StrEnum], value: str) -> str:
    try:
        member = enum(value)
    except ValueError:
        return value
    label = getattr(member, "label", None)
    return str(label) if label else value.replace("_", " ").capitalize()
