"""Importing attendance from a CSV file (a portal export or a typed sign-in sheet): all rows or none.

Columns (any case, any order): `email`, `netid`, or a name (`name`, or `first_name` and `last_name`) with an
optional `degree` to pick the person; `code` or `session_id` to pick the session; optional `credits`. Each row
goes through the attendance rule book with the file and row number as evidence. The preview runs exactly the
import and rolls it back, so what the coordinator sees is what the import does.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cme_desktop.domain.credits import quarters_from_credits
from cme_desktop.domain.csvfile import Columns, CsvText, Record, match_columns
from cme_desktop.domain.names import search_name
from cme_desktop.domain.vocabulary import ClaimChannel
from cme_desktop.services.attendance.claims import (
    ClaimRefused,
    ClaimRequest,
    Refusal,
    record_in,
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
from cme_desktop.store.activities import IssuedCode
from cme_desktop.store.people import Person, PersonEmail

KIND = "attendance"
MAX_ROWS = 20_000
REPORT_COLUMNS = ("Learner", "Session")
HEADINGS: dict[str, tuple[str, ...]] = {
    "email": ("e mail", "email address"),
    "netid": ("net id",),
    "name": ("full name", "learner"),
    "first_name": ("first",),
    "last_name": ("last",),
    "degree": ("credentials",),
    "code": ("session code", "activity code", "attendance code"),
    "session_id": ("session id", "session"),
    "credits": ("credit", "hours"),
}
# What record_in's outcomes are called in the report.
OUTCOMES = {"recorded": "new", "already_recorded": "already recorded", "reinstated": "reinstated"}

__all__ = ["ImportRefused", "ImportReport", "ImportRow", "import_attendance", "preview_import"]


class _Rollback(Exception):
    def __init__(self, report: ImportReport) -> None:
        self.report = report


def preview_import(ctx: Context, source: Source, reason: str | None = None) -> ImportReport:
    """What importing the file would do, row by row; nothing is saved."""
    return _run(ctx, source, reason, commit=False)


def import_attendance(ctx: Context, source: Source, reason: str | None = None) -> ImportReport:
    """Import every row in one transaction, or none: raises ImportRefused (with the report) if any row fails."""
    report = _run(ctx, source, reason, commit=True)
    if not report.ok:
        raise ImportRefused(report)
    return report


def _run(ctx: Context, source: Source, reason: str | None, commit: bool) -> ImportReport:
    table = load(source)
    columns, problem = _columns(table)
    if columns is None:
        return file_report(KIND, table, REPORT_COLUMNS, problem)
    try:
        with ctx.db.transaction() as session:
            read = (_row(ctx, session, table.name, record, columns, reason) for record in table.records)
            rows = tuple(r for r in read if r is not None)
            report = ImportReport(
                KIND,
                table.name,
                table.read_as,
                REPORT_COLUMNS,
                rows,
                ignored_columns=columns.ignored,
                advice=_advice(rows),
            )
            if not commit or not report.ok:
                raise _Rollback(report)  # the preview ran the very same claims: undo them
            return replace(report, committed=True)
    except _Rollback as rollback:
        return rollback.report


def _columns(table: CsvText) -> tuple[Columns | None, str]:
    if table.header is None:
        return None, "the file is empty; it needs a header row such as email,code."
    columns = match_columns(table.header, HEADINGS)
    if not {"email", "netid", "name", "last_name"} & set(columns.index):
        return None, "the file has no email, netid or name column to find the learners by."
    if not {"code", "session_id"} & set(columns.index):
        return None, "the file has no code or session_id column to find the sessions by."
    if not table.records:
        return None, "the file has a header but no rows."
    if len(table.records) > MAX_ROWS:
        return None, f"the file has more than {MAX_ROWS:,} rows; split it into smaller files."
    return columns, ""


def _advice(rows: tuple[ImportRow, ...]) -> str:
    """People the coordinator must find or create before importing again."""
    unknown = dict.fromkeys(r.cells[0] for r in rows if r.problems and r.subject_id is None and r.cells[0])
    return f"Find or create these people, then import again: {'; '.join(unknown)}." if unknown else ""


def _row(
    ctx: Context,
    session: Session,
    file: str,
    record: Record,
    columns: Columns,
    reason: str | None,
) -> ImportRow | None:
    values = columns.values(record)
    if not any(values.values()):
        return None
    label = values.get("email") or values.get("netid") or _name_label(values)
    where = values.get("code") or (f"session {values['session_id']}" if values.get("session_id") else "")
    cells = (label, where)
    problems = columns.cell_problems(record)
    if problems:
        return ImportRow(record.line, cells, problems=tuple(problems))
    person_id, person_problem = _person(session, values)
    session_id, session_problem = _session(session, values)
    quarters, credit_problem = None, None
    if values.get("credits"):
        try:
            quarters = quarters_from_credits(values["credits"])
        except ValueError as error:
            credit_problem = str(error)
    problems = [p for p in (person_problem, session_problem, credit_problem) if p]
    if problems or person_id is None or session_id is None:
        return ImportRow(
            record.line, cells, problems=tuple(_sentence(p) for p in problems), subject_id=person_id
        )
    request = ClaimRequest(
        person_id,
        ClaimChannel.IMPORT,
        session_id=session_id,
        evidence={"file": file, "row": record.line},
        reason=reason,
        credit_quarters=quarters,
    )
    try:
        result = record_in(ctx, session, request)
    except ClaimRefused as refused:
        message = str(refused)
        if refused.reason in (Refusal.CLOSED, Refusal.NOT_OPEN_YET):
            message = f"{message.split(';')[0]}; give a reason to import claims outside the code window."
        return ImportRow(record.line, cells, problems=(message,), subject_id=person_id)
    outcome = OUTCOMES.get(str(result.outcome), str(result.outcome))
    return ImportRow(record.line, cells, outcome, note=result.activity_title, subject_id=person_id)


def _sentence(problem: str) -> str:
    return problem[:1].upper() + problem[1:] + ("" if problem.endswith(".") else ".")


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
