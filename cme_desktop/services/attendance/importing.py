"""Importing attendance from a CSV file (a portal export or a typed sign-in sheet): all rows or none.

Columns (any case, any order): `email`, `netid`, or a name (`name`, or `first_name` and `last_name`) with an
optional `degree` to pick the person; `code` or `session_id` to pick the session; optional `credits`. Each row
goes through the attendance rule book with the file and row number as evidence. The preview runs exactly the
import and rolls it back, so what the coordinator sees is what the import does.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cme_desktop.domain.credits import quarters_from_credits
from cme_desktop.domain.names import search_name
from cme_desktop.domain.vocabulary import ClaimChannel
from cme_desktop.errors import InputError
from cme_desktop.services.attendance.claims import (
    ClaimOutcome,
    ClaimRefused,
    ClaimRequest,
    Refusal,
    record_in,
)
from cme_desktop.services.context import Context
from cme_desktop.store.activities import IssuedCode
from cme_desktop.store.people import Person, PersonEmail

MAX_ROWS = 20_000
_ALIASES = {
    "email": ("email", "e-mail", "email address", "email_address"),
    "netid": ("netid", "net id", "net_id"),
    "name": ("name", "full name", "full_name", "learner"),
    "first_name": ("first_name", "first name", "first"),
    "last_name": ("last_name", "last name", "last"),
    "degree": ("degree", "credentials"),
    "code": ("code", "session code", "session_code", "activity code", "activity_code", "attendance code"),
    "session_id": ("session_id", "session id", "session"),
    "credits": ("credits", "credit", "hours"),
}


class ImportRefused(InputError):
    """Some rows cannot be imported; nothing was. `report` says which and why."""

    def __init__(self, report: ImportReport) -> None:
        problems = [row for row in report.rows if row.problem]
        super().__init__(
            f"Nothing was imported: {len(problems)} of {len(report.rows)} rows need attention "
            f"(first: row {problems[0].line}, {problems[0].problem})."
        )
        self.report = report


@dataclass(frozen=True)
class ImportRow:
    line: int
    person: str
    person_id: int | None
    session_id: int | None
    outcome: str  # recorded, already_recorded, reinstated, or "" when there is a problem
    problem: str | None = None


@dataclass(frozen=True)
class ImportReport:
    file: str
    rows: tuple[ImportRow, ...]
    committed: bool

    @property
    def recorded(self) -> int:
        return sum(1 for r in self.rows if r.outcome in (ClaimOutcome.RECORDED, ClaimOutcome.REINSTATED))

    @property
    def already(self) -> int:
        return sum(1 for r in self.rows if r.outcome == ClaimOutcome.ALREADY_RECORDED)

    @property
    def problems(self) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if r.problem)

    @property
    def unknown_people(self) -> tuple[str, ...]:
        """People the coordinator must find or create before importing again."""
        return tuple(
            dict.fromkeys(r.person for r in self.rows if r.problem and r.person_id is None and r.person)
        )


class _Rollback(Exception):
    def __init__(self, report: ImportReport) -> None:
        self.report = report


def preview_import(ctx: Context, path: Path, reason: str | None = None) -> ImportReport:
    """What importing `path` would do, row by row; nothing is saved."""
    return _run(ctx, Path(path), reason, commit=False)


def import_attendance(ctx: Context, path: Path, reason: str | None = None) -> ImportReport:
    """Import every row in one transaction, or none: raises ImportRefused (with the report) if any row fails."""
    report = _run(ctx, Path(path), reason, commit=True)
    if report.problems:
        raise ImportRefused(report)
    return report


def _run(ctx: Context, path: Path, reason: str | None, commit: bool) -> ImportReport:
    records = _read(path)
    try:
        with ctx.db.transaction() as session:
            rows = tuple(_row(ctx, session, path.name, line, record, reason) for line, record in records)
            report = ImportReport(path.name, rows, committed=commit and not any(r.problem for r in rows))
            if not report.committed:
                raise _Rollback(report)
            return report
    except _Rollback as rollback:
        return rollback.report


def _read(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames:
        raise InputError(f"{path.name} is empty; it needs a header row such as email,code.")
    columns = _columns(reader.fieldnames)
    if not {"email", "netid", "name", "last_name"} & set(columns.values()):
        raise InputError(f"{path.name} has no email, netid or name column to find the learners by.")
    if not {"code", "session_id"} & set(columns.values()):
        raise InputError(f"{path.name} has no code or session_id column to find the sessions by.")
    records = []
    for index, raw in enumerate(reader):
        if index >= MAX_ROWS:
            raise InputError(f"{path.name} has more than {MAX_ROWS:,} rows; split it into smaller files.")
        record = {
            columns[k]: (v or "").strip() for k, v in raw.items() if k in columns and isinstance(v, str)
        }
        if any(record.values()):
            records.append((reader.line_num, record))
    if not records:
        raise InputError(f"{path.name} has a header but no rows.")
    return records


def _columns(fieldnames: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in fieldnames:
        key = (name or "").strip().lower()
        for canonical, aliases in _ALIASES.items():
            if key in aliases and canonical not in found.values():
                found[name] = canonical
    return found


def _row(
    ctx: Context, session: Session, file: str, line: int, record: dict[str, str], reason: str | None
) -> ImportRow:
    label = record.get("email") or record.get("netid") or _name_label(record)
    person_id, problem = _person(session, record)
    if person_id is None:
        return ImportRow(line, label, None, None, "", problem)
    session_id, problem = _session(session, record)
    if session_id is None:
        return ImportRow(line, label, person_id, None, "", problem)
    quarters = None
    if record.get("credits"):
        try:
            quarters = quarters_from_credits(record["credits"])
        except ValueError as error:
            return ImportRow(line, label, person_id, session_id, "", str(error))
    request = ClaimRequest(
        person_id,
        ClaimChannel.IMPORT,
        session_id=session_id,
        evidence={"file": file, "row": line},
        reason=reason,
        credit_quarters=quarters,
    )
    try:
        result = record_in(ctx, session, request)
    except ClaimRefused as refused:
        message = str(refused)
        if refused.reason in (Refusal.CLOSED, Refusal.NOT_OPEN_YET):
            message = f"{message.split(';')[0]}; give a reason to import claims outside the code window."
        return ImportRow(line, label, person_id, session_id, "", message)
    return ImportRow(line, label, person_id, session_id, str(result.outcome))


def _name_label(record: dict[str, str]) -> str:
    name = record.get("name") or f"{record.get('first_name', '')} {record.get('last_name', '')}".strip()
    return f"{name}, {record['degree']}" if record.get("degree") else name


def _person(session: Session, record: dict[str, str]) -> tuple[int | None, str | None]:
    if record.get("email"):
        found = session.scalar(
            select(PersonEmail.person_id).where(PersonEmail.address == record["email"].lower())
        )
        return (found, None) if found else (None, f"no profile has the email {record['email']}")
    if record.get("netid"):
        netid = record["netid"].lower()
        found = session.scalar(select(Person.id).where(func.lower(Person.netid) == netid))
        return (found, None) if found else (None, f"no profile has the NetID {record['netid']}")
    first, last = _split_name(record)
    if not last:
        return None, "the row names nobody (fill email, netid or name)"
    query = select(Person.id, Person.degree).where(Person.search_name == search_name(first, last))
    matches = list(session.execute(query))
    degree = _degree(record.get("degree"))
    if degree:
        matches = [m for m in matches if _degree(m.degree) == degree]
    if len(matches) == 1:
        return matches[0].id, None
    who = _name_label(record)
    if not matches:
        return None, f"no profile is named {who}"
    return None, f"{len(matches)} profiles are named {who}; add the email or NetID"


def _split_name(record: dict[str, str]) -> tuple[str, str]:
    if record.get("last_name"):
        return record.get("first_name", ""), record["last_name"]
    name = record.get("name", "")
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip(), last.strip()
    parts = name.split()
    return (" ".join(parts[:-1]), parts[-1]) if parts else ("", "")


def _degree(text: str | None) -> str:
    return (text or "").upper().replace(".", "").replace(" ", "")


def _session(session: Session, record: dict[str, str]) -> tuple[int | None, str | None]:
    if record.get("code"):
        code = "".join(ch for ch in record["code"] if ch.isdigit())
        found = session.scalar(select(IssuedCode.session_id).where(IssuedCode.code == code))
        return (found, None) if found else (None, f"{record['code']} is not an activity code")
    raw = record.get("session_id", "")
    if not raw.isdigit():
        return None, f"'{raw}' is not a session number"
    return int(raw), None
