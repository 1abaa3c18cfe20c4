"""Importing people from a CSV file (a staff directory with NetIDs, a sign-up list with emails).

Each row is matched to a stored profile by NetID, then by email, and updates it (filled cells only) rather than
making a duplicate; two rows about one new person make one profile. Every row is checked before anything is
written, with every problem of the row listed; the import is all or nothing. Lookups are done for the whole file
at once (one query per kind of identifier, in chunks) and the writes are bulk statements in one transaction, so
50,000 rows take seconds (benchmarks/people_import.py). The preview runs the same checks and writes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from cme_desktop.domain.csvfile import Columns, CsvText, match_columns
from cme_desktop.domain.emails import normalize_email
from cme_desktop.domain.names import display_name
from cme_desktop.domain.phones import display_phone, normalize_phone
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.importing.collector import collection_paused
from cme_desktop.services.importing.report import (
    ImportRefused,
    ImportReport,
    ImportRow,
    Source,
    file_report,
    load,
)
from cme_desktop.services.people.import_rows import COLUMNS, row_input
from cme_desktop.services.people.import_writing import Stored, Target, write_targets
from cme_desktop.services.people.profile_input import CleanProfile, check, clean
from cme_desktop.services.people.profiles import input_of, snapshot
from cme_desktop.services.texting.numbers import opted_out_among
from cme_desktop.store.locking import hold_write_lock
from cme_desktop.store.people import BoardId, Person, PersonEmail, PersonPhone

KIND = "people"
REPORT_COLUMNS = ("Name", "NetID", "Email")
_CHUNK = 900  # values per IN (...) list, under SQLite's bound-parameter limit
# Two imports of people at once on PostgreSQL take turns (a transaction-level advisory lock), so the second
# sees the profiles the first created instead of failing on them.
_IMPORT_LOCK = 0x434D4550  # "CMEP"

__all__ = ["ImportRefused", "ImportReport", "ImportRow", "import_people", "preview_people_import"]


def preview_people_import(ctx: Context, source: Source) -> ImportReport:
    """What importing the file would do, row by row; nothing is written."""
    return _run(ctx, source, commit=False)


def import_people(ctx: Context, source: Source) -> ImportReport:
    """Import every row, or none: ImportRefused (carrying the report) when any row or the file has a problem."""
    return _run(ctx, source, commit=True)


def _run(ctx: Context, source: Source, commit: bool) -> ImportReport:
    with collection_paused():
        return _run_paused(ctx, source, commit)


def _run_paused(ctx: Context, source: Source, commit: bool) -> ImportReport:
    table = load(source)
    if table.header is None:
        return _refuse(file_report(KIND, table, REPORT_COLUMNS, "the file is empty."), commit)
    columns = match_columns(table.header, COLUMNS)
    if "first_name" not in columns or "last_name" not in columns:
        problem = "the file needs at least a first_name and a last_name column (and a NetID or an email)."
        return _refuse(file_report(KIND, table, REPORT_COLUMNS, problem), commit)
    with ctx.db.transaction() as session:
        if commit:
            _take_turns(session)
        plan = _Plan(session, table, columns)
        if not commit or not plan.ok:
            return _refuse(plan.report(table, columns, committed=False), commit)
        try:
            created, updated = write_targets(ctx, session, plan.targets)
        except IntegrityError as error:
            raise InputError(
                "Another coordinator saved a profile with one of this file's emails, phones or identifiers "
                "while it was being imported, so nothing was imported; check the file again."
            ) from error
        audit.record(
            ctx,
            session,
            "person.import",
            "person",
            None,
            None,
            {"file": table.name, "created": created, "updated": updated, "rows": len(plan.drafts)},
        )
        return plan.report(table, columns, committed=True)


def _refuse(report: ImportReport, commit: bool) -> ImportReport:
    if commit:
        raise ImportRefused(report)
    return report


def _take_turns(session: Session) -> None:
    hold_write_lock(session)  # SQLite: the file's write lock for the whole import
    if session.connection().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _IMPORT_LOCK})


@dataclass
class _Owners:
    """Who holds each email, phone, NetID, NPI and board ID that the file mentions, as stored."""

    netid: dict[str, int] = field(default_factory=dict)
    email: dict[str, int] = field(default_factory=dict)
    phone: dict[str, int] = field(default_factory=dict)
    npi: dict[str, int] = field(default_factory=dict)
    board: dict[tuple[str, str], int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)


_Draft = tuple[int, tuple[str, str, str], str, tuple[str, ...], str, Target | None]


class _Plan:
    """Every row checked against the stored profiles and the rows before it; `targets` is what to write."""

    def __init__(self, session: Session, table: CsvText, columns: Columns) -> None:
        self.session = session
        records = [(r, columns.values(r)) for r in table.records]
        records = [(r, v) for r, v in records if any(v.values())]
        self.owners = _owners(session, [v for _, v in records])
        self.stored = _stored(session, set(self.owners.netid.values()) | set(self.owners.email.values()))
        self.targets: list[Target] = []
        self.by_person: dict[int, Target] = {}
        self.new_by_key: dict[str, Target] = {}  # "netid:x" / "email:y" of people this file creates
        self.claimed: dict[tuple[str, Any], Target] = {}  # each identifier of the file -> its profile
        # Each row as (line, cells, outcome, problems, note, profile): made into ImportRows once, after any
        # writing, when every new profile has its id.
        self.drafts: list[_Draft] = []
        for record, values in records:
            self.drafts.append(self._row(record.line, values, columns.cell_problems(record)))

    @property
    def ok(self) -> bool:
        return bool(self.drafts) and not any(draft[3] for draft in self.drafts)

    def report(self, table: CsvText, columns: Columns, committed: bool) -> ImportReport:
        rows = tuple(
            ImportRow(line, cells, outcome, problems, note, target.person_id if target else None)
            for line, cells, outcome, problems, note, target in self.drafts
        )
        return ImportReport(
            KIND, table.name, table.read_as, REPORT_COLUMNS, rows, (), columns.ignored, committed
        )

    def _row(self, line: int, values: dict[str, str], problems: list[str]) -> _Draft:
        name = f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
        cells = (name, values.get("netid", ""), values.get("email", ""))
        if problems:
            return line, cells, "", tuple(problems), "", None
        target, how, found_problem = self._target(values)
        problems += found_problem
        if target is not None and target.first_line is not None:
            problems += _clash(target, values)
        data, row_problems = row_input(values, target.data if target else None)
        cleaned, field_problems = check(data)
        problems += row_problems + field_problems + self._conflicts(_row_identifiers(values), target)
        if problems or cleaned is None:
            return line, cells, "", tuple(dict.fromkeys(problems)), "", target
        if target is None:
            target = Target(None, None, data, cleaned, None, line, values)
            self.targets.append(target)
            outcome, note = "new", "a new profile"
        else:
            before = target.cleaned
            target.data, target.cleaned = data, cleaned
            if target.first_line is None:
                target.first_line, target.first_values = line, values
                outcome = "unchanged" if before == cleaned else "updated"
                note = f"the stored profile with the same {how}"
            else:
                outcome = "unchanged" if before == cleaned else "updated"
                note = f"the same person as line {target.first_line}"
        self._claim(cleaned, target)
        return line, cells, outcome, (), note, target

    def _target(self, values: dict[str, str]) -> tuple[Target | None, str, list[str]]:
        """The profile the row describes: stored (by NetID, then email), one an earlier row creates, or none."""
        netid = values.get("netid", "").lower()
        email = _normal(normalize_email, values.get("email", ""))
        by_netid = self.owners.netid.get(netid) if netid else None
        by_email = self.owners.email.get(email) if email else None
        if by_netid and by_email and by_netid != by_email:
            return (
                self._stored_target(by_email),
                "email",
                [
                    f"The NetID {netid} belongs to {self.owners.names[by_netid]} but the email {email} to "
                    f"{self.owners.names[by_email]}."
                ],
            )
        if by_netid:
            return self._stored_target(by_netid), "NetID", []
        if by_email:
            return self._stored_target(by_email), "email", []
        earlier = self.new_by_key.get(f"netid:{netid}") if netid else None
        earlier = earlier or (self.new_by_key.get(f"email:{email}") if email else None)
        return earlier, "", []

    def _stored_target(self, person_id: int) -> Target:
        target = self.by_person.get(person_id)
        if target is None:
            stored = self.stored[person_id]
            try:
                cleaned: CleanProfile | None = clean(stored.data)
            except InputError:
                cleaned = None  # a profile saved under older rules: any row about it counts as an update
            target = Target(stored, person_id, stored.data, cleaned, cleaned)
            self.by_person[person_id] = target
            self.targets.append(target)
        return target

    def _conflicts(self, identifiers: Iterable[tuple[str, Any]], target: Target | None) -> list[str]:
        """The row's identifiers already on another stored profile, or given to someone else by an earlier row."""
        problems = []
        mine = target.person_id if target else None
        for kind, value in identifiers:
            owner = getattr(self.owners, kind).get(value)
            if owner is not None and owner != mine:
                problems.append(
                    f"The {_shown(kind, value)} is already on {self.owners.names[owner]}'s profile."
                )
                continue
            earlier = self.claimed.get((kind, value))
            if earlier is not None and earlier is not target:
                problems.append(f"Line {earlier.first_line} gives the {_shown(kind, value)} to someone else.")
        return problems

    def _claim(self, cleaned: CleanProfile, target: Target) -> None:
        for key in _identifiers(cleaned):
            self.claimed[key] = target
        if target.person_id is None:
            if cleaned.fields["netid"]:
                self.new_by_key[f"netid:{cleaned.fields['netid']}"] = target
            for email in cleaned.emails:
                self.new_by_key[f"email:{email.address}"] = target


def _identifiers(cleaned: CleanProfile) -> Iterable[tuple[str, Any]]:
    """(kind, stored value) for every identifier of a checked profile."""
    if cleaned.fields["netid"]:
        yield "netid", cleaned.fields["netid"]
    if cleaned.fields["npi"]:
        yield "npi", cleaned.fields["npi"]
    for email in cleaned.emails:
        yield "email", email.address
    for phone in cleaned.phones:
        yield "phone", phone.number
    for board in cleaned.board_ids:
        yield "board", (board.board, board.board_id)


def _row_identifiers(values: dict[str, str]) -> list[tuple[str, Any]]:
    """The identifiers a row's cells give, as they would be stored (cells that are not valid are left to the
    profile check), so a row with other problems still hears that its NPI belongs to someone else."""
    found: list[tuple[str, Any]] = []
    if values.get("netid"):
        found.append(("netid", values["netid"].lower()))
    if values.get("npi"):
        found.append(("npi", values["npi"].replace(" ", "")))
    for kind, normalize in (("email", normalize_email), ("phone", normalize_phone)):
        if values.get(kind):
            with contextlib.suppress(InputError):
                found.append((kind, normalize(values[kind])))
    if values.get("board") and values.get("board_id"):
        found.append(("board", (values["board"].upper(), values["board_id"])))
    return found


def _shown(kind: str, value: Any) -> str:
    """How a message names an identifier: 'email jane@example.org', 'ABIM ID 123456'."""
    if kind == "board":
        return f"{value[0]} ID {value[1]}"
    if kind == "phone":
        return f"phone {display_phone(value)}"
    return f"{'NetID' if kind == 'netid' else kind.upper() if kind == 'npi' else kind} {value}"


def _clash(target: Target, values: dict[str, str]) -> list[str]:
    """An earlier row described this person with a different value in a cell both filled."""
    earlier = target.first_values or {}
    for key, value in values.items():
        if value and earlier.get(key) and earlier[key].lower() != value.lower():
            return [
                f"Line {target.first_line} describes the same person with a different "
                f"{key.replace('_', ' ')} ({earlier[key]} / {value})."
            ]
    return []


def _normal(normalize: Any, value: str) -> str:
    """A cell as it is stored, or as typed when it is not valid (the profile check reports that)."""
    if not value:
        return ""
    try:
        return str(normalize(value))
    except (InputError, ValueError):
        return value.strip().lower()


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(dict.fromkeys(values))
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _owners(session: Session, rows: list[dict[str, str]]) -> _Owners:
    """One pass over the file's identifiers: which stored profile holds each."""
    owners = _Owners()
    netids = [v["netid"].lower() for v in rows if v.get("netid")]
    emails = [_normal(normalize_email, v.get("email", "")) for v in rows if v.get("email")]
    phones = [_normal(normalize_phone, v.get("phone", "")) for v in rows if v.get("phone")]
    npis = [v["npi"].replace(" ", "") for v in rows if v.get("npi")]
    board_ids = [v["board_id"] for v in rows if v.get("board_id")]
    owners.netid = _holders(session, Person.netid, Person.id, netids)
    owners.email = _holders(session, PersonEmail.address, PersonEmail.person_id, emails)
    owners.phone = _holders(session, PersonPhone.e164, PersonPhone.person_id, phones)
    owners.npi = _holders(session, Person.npi, Person.id, npis)
    for chunk in _chunks(board_ids):
        for board, number, person_id in session.execute(
            select(BoardId.board, BoardId.board_id, BoardId.person_id).where(BoardId.board_id.in_(chunk))
        ):
            owners.board[(board, number)] = person_id
    everyone = {
        *owners.netid.values(),
        *owners.email.values(),
        *owners.phone.values(),
        *owners.npi.values(),
        *owners.board.values(),
    }
    for chunk in _chunks(everyone):
        for person_id, first, last in session.execute(
            select(Person.id, Person.first_name, Person.last_name).where(Person.id.in_(chunk))
        ):
            owners.names[person_id] = display_name(first, last)
    return owners


def _holders(session: Session, value: Any, person_id: Any, values: list[str]) -> dict[str, int]:
    """Which stored profile holds each of `values` in the column `value`."""
    found: dict[str, int] = {}
    for chunk in _chunks(values):
        for held, holder in session.execute(select(value, person_id).where(value.in_(chunk))):
            found[held] = holder
    return found


def _stored(session: Session, ids: set[int]) -> dict[int, Stored]:
    """The stored profiles rows match, as the form edits them and as their rows hold them."""
    found: dict[int, Stored] = {}
    for chunk in _chunks(sorted(ids)):
        people = session.scalars(
            select(Person)
            .where(Person.id.in_(chunk))
            .options(
                selectinload(Person.emails),
                selectinload(Person.phones),
                selectinload(Person.board_ids),
                selectinload(Person.licenses),
            )
        ).all()
        stopped = opted_out_among(session, (p.e164 for person in people for p in person.phones))
        for person in people:
            found[person.id] = Stored(
                input_of(person, stopped),
                person.ssn_last4_hash is not None,
                snapshot(person, stopped),
                {e.address: e.is_primary for e in person.emails},
                frozenset(p.e164 for p in person.phones),
                frozenset((b.board, b.board_id) for b in person.board_ids),
                frozenset((x.state, x.license_number) for x in person.licenses),
            )
    return found
