"""Writing a checked people import in bulk: one INSERT per table for the new profiles (their ids returned in
order), one UPDATE statement run for every changed profile, and one audit entry per profile, all in the
caller's transaction. Nothing here checks anything: services/people/importing.py has, for every row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, text, update
from sqlalchemy.orm import Session

from cme_desktop.domain.names import search_name
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.people.profile_input import CleanProfile, ProfileInput
from cme_desktop.services.people.profiles import SCALARS, snapshot_of
from cme_desktop.store.bulk import insert_rows
from cme_desktop.store.people import BoardId, Person, PersonEmail, PersonPhone, StateLicense

_PEOPLE = cast(Table, Person.__table__)
_EMAILS = cast(Table, PersonEmail.__table__)
_PHONES = cast(Table, PersonPhone.__table__)
_BOARDS = cast(Table, BoardId.__table__)
_LICENSES = cast(Table, StateLicense.__table__)


@dataclass(frozen=True)
class Stored:
    """A stored profile as the import found it: what the form would show, and what its rows hold."""

    data: ProfileInput
    has_ssn: bool
    snapshot: dict[str, Any]  # the audit log's view of it, before the import
    emails: dict[str, bool]  # address -> primary
    phones: frozenset[str]
    boards: frozenset[tuple[str, str]]
    licenses: frozenset[tuple[str, str]]


@dataclass
class Target:
    """One profile the file describes: stored (`stored` set) or new, and what the rows so far make of it."""

    stored: Stored | None
    person_id: int | None
    data: ProfileInput
    cleaned: CleanProfile | None  # `data` checked; None only for a stored profile no row has touched yet
    original: CleanProfile | None = None  # the stored profile checked (None: new, or saved under older rules)
    first_line: int | None = None  # the first row about it
    first_values: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.cleaned is not None and self.cleaned != self.original


def write_targets(ctx: Context, session: Session, targets: list[Target]) -> tuple[int, int]:
    """Create the new profiles and update the changed ones; returns how many of each."""
    connection = session.connection()
    now, user = ctx.clock(), ctx.actor.os_user
    new = [t for t in targets if t.person_id is None and t.cleaned is not None]
    changed = [t for t in targets if t.person_id is not None and t.stored is not None and t.changed]
    entries: list[tuple[str, str, int | None, dict[str, Any] | None, dict[str, Any] | None]] = []
    if new:
        rows = [
            {
                **_checked(t).fields,
                "search_name": search_name(
                    str(_checked(t).fields["first_name"]), str(_checked(t).fields["last_name"])
                ),
                "created_at": now,
                "version": 1,
                "updated_at": now,
                "updated_by": user,
            }
            for t in new
        ]
        ids = _new_ids(connection, len(rows))
        for row, person_id in zip(rows, ids, strict=True):
            row["id"] = person_id
        insert_rows(connection, _PEOPLE, rows)
        for target, person_id in zip(new, ids, strict=True):
            target.person_id = person_id
            entries.append(("person.import_create", "person", person_id, None, _after(target)))
    if changed:
        values: dict[str, Any] = {name: bindparam(f"v_{name}") for name in SCALARS}
        connection.execute(
            update(_PEOPLE)
            .where(_PEOPLE.c.id == bindparam("v_id"))
            .values(
                **values,
                search_name=bindparam("v_search_name"),
                version=_PEOPLE.c.version + 1,
                updated_at=now,
                updated_by=user,
            ),
            [
                {
                    "v_id": t.person_id,
                    "v_search_name": search_name(
                        str(_checked(t).fields["first_name"]), str(_checked(t).fields["last_name"])
                    ),
                    **{f"v_{name}": _checked(t).fields[name] for name in SCALARS},
                }
                for t in changed
            ],
        )
        for target in changed:
            assert target.stored is not None
            before, after = target.stored.snapshot, _after(target)
            keys = [k for k in after if before.get(k) != after[k]]
            entries.append(
                (
                    "person.import_update",
                    "person",
                    target.person_id,
                    {k: before.get(k) for k in keys},
                    {k: after[k] for k in keys},
                )
            )
    _write_details(connection, [*new, *changed], now)
    audit.record_many(ctx, session, entries)
    return len(new), len(changed)


def _new_ids(connection: Any, count: int) -> list[int]:
    """Ids for `count` new profiles, taken before inserting them, so the rows go in as one batch (an INSERT ...
    RETURNING that must keep the rows' order runs row by row on SQLite). PostgreSQL hands out the sequence's
    next values (other sessions keep using it meanwhile); SQLite counts on from the largest id, safe because
    the import holds the file's write lock (people/importing.py)."""
    if connection.dialect.name == "postgresql":
        return list(
            connection.execute(
                text("SELECT nextval(pg_get_serial_sequence('people', 'id')) FROM generate_series(1, :n)"),
                {"n": count},
            ).scalars()
        )
    start = int(connection.execute(select(func.coalesce(func.max(_PEOPLE.c.id), 0))).scalar_one())
    return list(range(start + 1, start + 1 + count))


def _checked(target: Target) -> CleanProfile:
    assert target.cleaned is not None
    return target.cleaned


def _after(target: Target) -> dict[str, Any]:
    cleaned = _checked(target)
    return snapshot_of(
        cleaned.fields,
        cleaned.emails,
        cleaned.phones,
        cleaned.board_ids,
        cleaned.licenses,
        target.stored is not None and target.stored.has_ssn,
    )


def _write_details(connection: Any, targets: list[Target], now: Any) -> None:
    """The emails, phones, board IDs and licenses the rows added (an import adds; it never removes)."""
    emails: list[dict[str, Any]] = []
    primaries: list[dict[str, Any]] = []
    phones: list[dict[str, Any]] = []
    boards: list[dict[str, Any]] = []
    licenses: list[dict[str, Any]] = []
    for target in targets:
        cleaned, stored, person_id = _checked(target), target.stored, target.person_id
        had_emails = stored.emails if stored else {}
        for email in cleaned.emails:
            if email.address not in had_emails:
                emails.append({"person_id": person_id, "address": email.address, "is_primary": email.primary})
            elif had_emails[email.address] != email.primary:
                primaries.append(
                    {"v_person": person_id, "v_address": email.address, "v_primary": email.primary}
                )
        for phone in cleaned.phones:
            if not stored or phone.number not in stored.phones:
                phones.append(
                    {
                        "person_id": person_id,
                        "e164": phone.number,
                        "verified": phone.verified,
                    }
                )
        for board in cleaned.board_ids:
            if not stored or (board.board, board.board_id) not in stored.boards:
                boards.append({"person_id": person_id, "board": board.board, "board_id": board.board_id})
        for licence in cleaned.licenses:
            if not stored or (licence.state, licence.license_number) not in stored.licenses:
                licenses.append(
                    {"person_id": person_id, "state": licence.state, "license_number": licence.license_number}
                )
    for table, rows in ((_EMAILS, emails), (_PHONES, phones), (_BOARDS, boards), (_LICENSES, licenses)):
        insert_rows(connection, table, rows)
    if primaries:
        connection.execute(
            update(_EMAILS)
            .where(_EMAILS.c.person_id == bindparam("v_person"), _EMAILS.c.address == bindparam("v_address"))
            .values(is_primary=bindparam("v_primary")),
            primaries,
        )
