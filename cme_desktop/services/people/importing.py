"""Importing people from a CSV file (a staff directory with NetIDs, a sign-up list with emails).

Each row is matched to an existing profile by NetID, then by email, and updates it (filled cells only) rather than
making a duplicate. The preview runs the very same work and rolls it back; the import is all or nothing: one bad
row and nothing is saved, with a row-by-row report saying why.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.domain.emails import normalize_email
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.people.profile_input import (
    BoardEntry,
    EmailEntry,
    LicenseEntry,
    PhoneEntry,
    ProfileInput,
    clean,
)
from cme_desktop.services.people.profiles import (
    ProfileConflict,
    add_person,
    change_person,
    hash_last4,
    profile_of,
)
from cme_desktop.store.people import Person, PersonEmail

COLUMNS = {
    "first_name": ("first_name", "first", "given_name"),
    "middle_name": ("middle_name", "middle"),
    "last_name": ("last_name", "last", "surname", "family_name"),
    "suffix": ("suffix",),
    "degree": ("degree", "credentials"),
    "netid": ("netid", "net_id"),
    "email": ("email", "e_mail", "email_address"),
    "phone": ("phone", "mobile", "cell", "phone_number"),
    "npi": ("npi",),
    "nabp_eprofile_id": ("nabp_eprofile_id", "nabp_e_profile_id", "nabp_id", "eprofile_id"),
    "birth_month": ("birth_month",),
    "birth_day": ("birth_day",),
    "birth_mmdd": ("birth_mmdd", "mmdd", "dob_mmdd"),
    "board": ("board",),
    "board_id": ("board_id",),
    "moc_permission": ("moc_permission", "moc_consent", "report_to_board"),
    "license_state": ("license_state", "state_of_licensure"),
    "license_number": ("license_number", "license_id", "license"),
}
_HEADER = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class ImportRow:
    line: int
    name: str
    # "create", "update", "unchanged" or "error".
    action: str
    person_id: int | None
    message: str


@dataclass(frozen=True)
class ImportReport:
    rows: tuple[ImportRow, ...]
    committed: bool

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def ok(self) -> bool:
        return self.count("error") == 0 and bool(self.rows)


class ImportRefused(InputError):
    """The file has bad rows, so nothing was saved; `report` says row by row why."""

    def __init__(self, report: ImportReport) -> None:
        errors = report.count("error")
        super().__init__(
            f"Nothing was imported: {errors} {'rows need' if errors != 1 else 'row needs'} fixing (see the report)."
            if report.rows
            else "Nothing was imported: the file has no rows of people."
        )
        self.report = report


class _Rollback(Exception):
    pass


def preview_people_import(ctx: Context, text: str) -> ImportReport:
    """What importing `text` would do, row by row; nothing is saved."""
    holder: list[ImportReport] = []
    try:
        with ctx.db.transaction() as session:
            holder.append(_run(ctx, session, text, committed=False))
            raise _Rollback
    except _Rollback:
        pass
    return holder[0]


def import_people(ctx: Context, text: str) -> ImportReport:
    """Import every row, or none: ImportRefused (carrying the report) when any row is wrong."""
    refused: list[ImportReport] = []
    try:
        with ctx.db.transaction() as session:
            report = _run(ctx, session, text, committed=True)
            if not report.ok:
                refused.append(replace(report, committed=False))
                raise _Rollback
            audit.record(
                ctx,
                session,
                "person.import",
                "person",
                None,
                None,
                {
                    "created": report.count("create"),
                    "updated": report.count("update"),
                    "rows": len(report.rows),
                },
            )
            return report
    except _Rollback:
        raise ImportRefused(refused[0]) from None


def _run(ctx: Context, session: Session, text: str, committed: bool) -> ImportReport:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fields = [_HEADER.get(_key(h)) for h in reader.fieldnames or []]
    if "last_name" not in fields or "first_name" not in fields:
        raise InputError(
            "The file needs at least a first_name and a last_name column (and a NetID or an email)."
        )
    results: list[ImportRow] = []
    claimed: dict[int, tuple[int, dict[str, str]]] = {}  # person id -> (line, values) of the row that set it
    for line, raw in enumerate(reader, start=2):
        values = {
            name: (value or "").strip()
            for header, value in raw.items()
            if header is not None and (name := _HEADER.get(_key(header)))
        }
        if not any(values.values()):
            continue
        name = f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
        try:
            results.append(_row(ctx, session, line, name, values, claimed))
        except ValueError as error:
            results.append(
                ImportRow(line, name, "error", getattr(error, "other_person_id", None), str(error))
            )
    return ImportReport(tuple(results), committed)


def _row(
    ctx: Context,
    session: Session,
    line: int,
    name: str,
    values: dict[str, str],
    claimed: dict[int, tuple[int, dict[str, str]]],
) -> ImportRow:
    email = normalize_email(values["email"]) if values.get("email") else None
    netid = values.get("netid", "").lower() or None
    by_netid = session.scalar(select(Person).where(Person.netid == netid)) if netid else None
    by_email = (
        session.scalar(select(Person).join(PersonEmail).where(PersonEmail.address == email))
        if email
        else None
    )
    if by_netid and by_email and by_netid.id != by_email.id:
        raise ProfileConflict(
            f"The NetID {netid} belongs to {by_netid.first_name} {by_netid.last_name} but the email {email} to "
            f"{by_email.first_name} {by_email.last_name}.",
            by_email.id,
        )
    person = by_netid or by_email
    if person is not None and person.id in claimed:
        earlier, earlier_values = claimed[person.id]
        clash = [
            k
            for k, v in values.items()
            if v and earlier_values.get(k) and earlier_values[k].lower() != v.lower()
        ]
        if clash:
            raise InputError(
                f"Row {earlier} describes the same person with a different {clash[0].replace('_', ' ')} "
                f"({earlier_values[clash[0]]} / {values[clash[0]]})."
            )
    data = _input(values, profile_of(session, person).as_input() if person else None)
    cleaned = clean(data)
    ssn_hash = hash_last4(ctx, data.ssn_last4) if data.ssn_last4 else None
    if person is None:
        person = add_person(ctx, session, cleaned, ssn_hash, action="person.import_create")
        claimed[person.id] = (line, values)
        return ImportRow(line, name, "create", person.id, "New profile.")
    claimed.setdefault(person.id, (line, values))
    changed = change_person(ctx, session, person, cleaned, ssn_hash, action="person.import_update")
    how = "NetID" if person is by_netid else "email"
    if changed:
        return ImportRow(line, name, "update", person.id, f"Updates the profile with the same {how}.")
    return ImportRow(line, name, "unchanged", person.id, f"Already up to date (same {how}).")


def _input(values: dict[str, str], existing: ProfileInput | None) -> ProfileInput:
    """The row's filled cells over the existing profile (empty cells keep what is stored)."""
    base = existing or ProfileInput(first_name="", last_name="")
    scalars: dict[str, Any] = {
        k: values[k]
        for k in (
            "first_name",
            "middle_name",
            "last_name",
            "suffix",
            "degree",
            "netid",
            "npi",
            "nabp_eprofile_id",
        )
        if values.get(k)
    }
    if values.get("degree") and existing is not None:
        scalars["profession"] = None  # a new degree implies its profession again
    month, day = values.get("birth_month"), values.get("birth_day")
    mmdd = values.get("birth_mmdd", "").replace("/", "").replace("-", "")
    if mmdd:
        if not (mmdd.isdigit() and len(mmdd) == 4):
            raise InputError(f"The birth MMDD '{values['birth_mmdd']}' should be four digits, like 0302.")
        month, day = mmdd[:2], mmdd[2:]
    if month or day:
        if not ((month or "").isdigit() and (day or "").isdigit()):
            raise InputError("The birth month and day should be numbers, like 3 and 2.")
        scalars["birth_month"], scalars["birth_day"] = int(month or 0) or None, int(day or 0) or None
    permission = values.get("moc_permission", "").strip().lower()
    if permission:
        if permission not in _YES | _NO:
            raise InputError(f"MOC permission '{values['moc_permission']}' should be yes or no.")
        scalars["moc_permission"] = permission in _YES
    emails = base.emails
    if values.get("email") and normalize_email(values["email"]) not in {e.address for e in emails}:
        emails = (*emails, EmailEntry(values["email"], primary=not emails))
    phones = base.phones
    if values.get("phone"):
        phones = (*phones, PhoneEntry(values["phone"]))  # repeated numbers are folded by clean()
    boards = base.board_ids
    if values.get("board") or values.get("board_id"):
        boards = (*boards, BoardEntry(values.get("board", ""), values.get("board_id", "")))
    licenses = base.licenses
    if values.get("license_state") or values.get("license_number"):
        licenses = (
            *licenses,
            LicenseEntry(values.get("license_state", ""), values.get("license_number", "")),
        )
    return replace(
        base, **scalars, emails=emails, phones=_unique_phones(phones), board_ids=boards, licenses=licenses
    )


def _unique_phones(phones: tuple[PhoneEntry, ...]) -> tuple[PhoneEntry, ...]:
    from cme_desktop.domain.phones import normalize_phone

    seen: dict[str, PhoneEntry] = {}
    for phone in phones:
        try:
            key = normalize_phone(phone.number)
        except ValueError:
            key = phone.number  # clean() reports it
        seen.setdefault(key, phone)
    return tuple(seen.values())


def _key(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").replace("/", " ").split())
