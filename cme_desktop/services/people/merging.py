"""Merging two profiles of one person, and undoing a merge from its audit entry.

The survivor keeps its id and takes, field by field, the values the coordinator picked. Everything that hangs on
the merged-away profile moves to the survivor: attendance claims (two for one session become one, keeping the
larger credit and any certificate), certificates, emails, phones, board IDs, licenses, disclosures, roles, texts,
and rows of any later table that points at a person. The merged-away id stays as an alias whose snapshot holds
everything needed to undo the merge (services/people/merge_undo.py).
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.orm import Session

from cme_desktop.domain.names import search_name
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.editing import stamp
from cme_desktop.services.people.profiles import SCALARS, Profile, profile_of, snapshot
from cme_desktop.services.rows import row_data
from cme_desktop.store.attendance import AttendanceClaim, Certificate
from cme_desktop.store.audit import AuditEntry
from cme_desktop.store.base import Base
from cme_desktop.store.disclosures import ActivityRole, Disclosure
from cme_desktop.store.locking import lock_for_update
from cme_desktop.store.messages import TextMessage
from cme_desktop.store.people import (
    BoardId,
    DuplicateDismissal,
    Person,
    PersonAlias,
    PersonEmail,
    PersonPhone,
    StateLicense,
)

# The fields a coordinator picks one value of; the SSN hash is offered as "last-4 SSN" without showing it.
CHOICES = (*SCALARS, "ssn_last4_hash")
LABELS = {
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "suffix": "Suffix",
    "degree": "Degree",
    "profession": "Profession",
    "netid": "NetID",
    "npi": "NPI",
    "nabp_eprofile_id": "NABP e-Profile ID",
    "birth_month": "Birth month",
    "birth_day": "Birth day",
    "moc_permission": "MOC reporting permission",
    "ssn_last4_hash": "Last-4 SSN",
}
# Tables this module moves one by one; any other table pointing at people.id is moved generically.
HANDLED = {
    t.__table__.name  # type: ignore[attr-defined]
    for t in (
        AttendanceClaim,
        PersonEmail,
        PersonPhone,
        BoardId,
        StateLicense,
        ActivityRole,
        Disclosure,
        TextMessage,
        PersonAlias,
        DuplicateDismissal,
        Person,
    )
}


@dataclass(frozen=True)
class MergeField:
    name: str
    label: str
    survivor_value: str
    merged_value: str
    # The value the merge takes unless the coordinator picks the other: the survivor's, or the merged one's
    # when the survivor has none.
    default_from_merged: bool


@dataclass(frozen=True)
class MergePreview:
    survivor: Profile
    merged: Profile
    fields: tuple[MergeField, ...]
    claims_to_move: int
    claims_to_combine: int
    disclosures_to_move: int


@dataclass(frozen=True)
class MergeResult:
    survivor: Profile
    merged_id: int
    audit_id: int
    claims_moved: int
    claims_combined: int


def merge_preview(ctx: Context, survivor_id: int, merged_id: int) -> MergePreview:
    """Both profiles side by side, with what the merge would move."""
    with ctx.db.transaction() as session:
        survivor, merged = _pair(session, survivor_id, merged_id)
        fields = tuple(
            MergeField(
                name,
                LABELS[name],
                _shown(name, getattr(survivor, name)),
                _shown(name, getattr(merged, name)),
                getattr(survivor, name) in (None, "") and getattr(merged, name) not in (None, ""),
            )
            for name in CHOICES
            if getattr(survivor, name) != getattr(merged, name)
        )
        claims = _claims(session, merged.id)
        shared = set(_claims(session, survivor.id)) & set(claims)
        disclosures = session.scalars(select(Disclosure.id).where(Disclosure.person_id == merged.id)).all()
        return MergePreview(
            profile_of(session, survivor),
            profile_of(session, merged),
            fields,
            len(claims) - len(shared),
            len(shared),
            len(disclosures),
        )


def merge_people(
    ctx: Context,
    survivor_id: int,
    merged_id: int,
    take_from_merged: frozenset[str] | None = None,
    primary_email: str | None = None,
) -> MergeResult:
    """Merge `merged_id` into `survivor_id`. `take_from_merged` names the fields whose merged-away value wins
    (None: the preview's defaults); `primary_email` picks the survivor's primary email among both profiles'."""
    with ctx.db.transaction() as session:
        # Both profiles are locked before anything is read: no claim, email or phone can be added to either until
        # the merge commits, so everything read below is everything there is (see store/locking.py).
        lock_for_update(session, Person.id, (survivor_id, merged_id))
        survivor, merged = _pair(session, survivor_id, merged_id)
        if take_from_merged is None:
            take_from_merged = frozenset(
                n
                for n in CHOICES
                if getattr(survivor, n) in (None, "") and getattr(merged, n) not in (None, "")
            )
        unknown = take_from_merged - set(CHOICES)
        if unknown:
            raise InputError(f"'{sorted(unknown)[0]}' is not a profile field that a merge chooses.")
        addresses = {e.address for e in survivor.emails} | {e.address for e in merged.emails}
        if primary_email is not None and primary_email.lower() not in addresses:
            raise InputError(f"{primary_email} is not an email of either profile.")
        primary = (primary_email or next((e.address for e in survivor.emails if e.is_primary), "")).lower()
        if not primary:
            primary = next((e.address for e in merged.emails if e.is_primary), "")

        audit_before = {"survivor": snapshot(survivor), "merged": snapshot(merged)}
        undo: dict[str, Any] = {
            "person": row_data(merged),
            "survivor_before": {n: getattr(survivor, n) for n in CHOICES},
            "survivor_primary": next((e.address for e in survivor.emails if e.is_primary), None),
        }
        values = {n: getattr(merged if n in take_from_merged else survivor, n) for n in CHOICES}
        moved, combined = _move_claims(session, survivor.id, merged.id, undo)
        _move_the_rest(session, survivor.id, merged.id, undo)

        session.expire_all()
        # Every row that pointed at the merged-away profile points at the survivor now; a claim still pointing
        # at it would make this delete fail (the claims' foreign key restricts), never vanish with it.
        session.execute(delete(Person).where(Person.id == merged.id))
        survivor = session.get(Person, survivor.id)  # type: ignore[assignment]
        for name, value in values.items():
            setattr(survivor, name, value)
        survivor.search_name = search_name(survivor.first_name, survivor.last_name)
        for email in survivor.emails:
            email.is_primary = email.address == primary
        stamp(survivor, ctx)
        undo["survivor_after"] = values
        session.add(
            PersonAlias(
                merged_id=merged.id, person_id=survivor.id, merged_at=ctx.clock(), snapshot=json.dumps(undo)
            )
        )
        session.flush()
        audit.record(
            ctx,
            session,
            "person.merge",
            "person",
            survivor.id,
            audit_before,
            {
                "survivor": snapshot(survivor),
                "merged_id": merged.id,
                "claims_moved": moved,
                "claims_combined": combined,
                "taken_from_merged": sorted(take_from_merged - {"ssn_last4_hash"})
                + (["last-4 SSN"] if "ssn_last4_hash" in take_from_merged else []),
            },
        )
        session.flush()
        audit_id = session.scalar(
            select(func.max(AuditEntry.id)).where(
                AuditEntry.action == "person.merge", AuditEntry.entity_id == survivor.id
            )
        )
        assert audit_id is not None
        return MergeResult(profile_of(session, survivor), merged.id, audit_id, moved, combined)


def _pair(session: Session, survivor_id: int, merged_id: int) -> tuple[Person, Person]:
    if survivor_id == merged_id:
        raise InputError("A profile cannot be merged into itself.")
    survivor = session.get(Person, survivor_id)
    merged = session.get(Person, merged_id)
    for person_id, person in ((survivor_id, survivor), (merged_id, merged)):
        if person is None:
            alias = session.get(PersonAlias, person_id)
            if alias is not None:
                raise InputError(f"Profile {person_id} was already merged into profile {alias.person_id}.")
            raise InputError(f"There is no profile number {person_id}.")
    assert survivor is not None and merged is not None
    return survivor, merged


def _shown(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value in (None, ""):
        return ""
    if name == "ssn_last4_hash":
        return "stored (hidden)"
    if name == "birth_month":
        return calendar.month_name[int(value)]
    return str(value)


def _claims(session: Session, person_id: int) -> dict[int, AttendanceClaim]:
    return {
        c.session_id: c
        for c in session.scalars(select(AttendanceClaim).where(AttendanceClaim.person_id == person_id))
    }


def _rank(claim: AttendanceClaim) -> tuple[bool, int]:
    return (claim.revoked_at is None, claim.credit_quarters)


def _move_claims(session: Session, survivor_id: int, merged_id: int, undo: dict[str, Any]) -> tuple[int, int]:
    """Move the claims; for a session both attended keep one claim, the one with the larger credit (a revoked
    claim loses to a standing one), carrying over a certificate the dropped claim had."""
    mine = _claims(session, survivor_id)
    theirs = _claims(session, merged_id)
    combined: list[dict[str, Any]] = []
    for session_id, other in theirs.items():
        own = mine.get(session_id)
        if own is None:
            continue
        keep, drop = (other, own) if _rank(other) > _rank(own) else (own, other)
        certificate = session.scalar(select(Certificate).where(Certificate.claim_id == drop.id))
        kept_certificate = session.scalar(select(Certificate.id).where(Certificate.claim_id == keep.id))
        record: dict[str, Any] = {
            "kept_id": keep.id,
            "kept_was_merged": keep is other,
            "dropped": row_data(drop),
            "dropped_certificate": None,
            "moved_certificate_id": None,
        }
        if certificate is not None and kept_certificate is None:
            certificate.claim_id = keep.id
            record["moved_certificate_id"] = certificate.id
        elif certificate is not None:
            record["dropped_certificate"] = row_data(certificate)
            session.delete(certificate)
        session.flush()
        session.delete(drop)
        session.flush()
        combined.append(record)
    undo["combined_claims"] = combined
    dropped = {c["dropped"]["id"] for c in combined}
    moving = [c.id for c in theirs.values() if c.id not in dropped]
    session.execute(
        update(AttendanceClaim).where(AttendanceClaim.id.in_(moving)).values(person_id=survivor_id)
    )
    undo["claims"] = moving
    return len(theirs) - len(combined), len(combined)


def _move_the_rest(session: Session, survivor_id: int, merged_id: int, undo: dict[str, Any]) -> None:
    undo["emails"] = {
        e.id: e.is_primary
        for e in session.scalars(select(PersonEmail).where(PersonEmail.person_id == merged_id))
    }
    session.execute(
        update(PersonEmail)
        .where(PersonEmail.person_id == merged_id)
        .values(person_id=survivor_id, is_primary=False)
    )
    undo["dropped_licenses"] = []
    have = {
        (x.state, x.license_number)
        for x in session.scalars(select(StateLicense).where(StateLicense.person_id == survivor_id))
    }
    for licence in session.scalars(select(StateLicense).where(StateLicense.person_id == merged_id)):
        if (licence.state, licence.license_number) in have:
            undo["dropped_licenses"].append(row_data(licence))
            session.delete(licence)
    undo["dropped_roles"] = []
    roles = {
        (r.activity_id, r.role)
        for r in session.scalars(select(ActivityRole).where(ActivityRole.person_id == survivor_id))
    }
    for role in session.scalars(select(ActivityRole).where(ActivityRole.person_id == merged_id)):
        if (role.activity_id, role.role) in roles:
            undo["dropped_roles"].append(row_data(role))
            session.delete(role)
    session.flush()
    moved: dict[str, list[int]] = {}
    for model in (PersonPhone, BoardId, StateLicense, ActivityRole, Disclosure, TextMessage):
        table: Table = model.__table__  # type: ignore[assignment]
        moved[table.name] = _move(session, table, "person_id", survivor_id, merged_id)
    moved["person_aliases"] = list(
        session.scalars(select(PersonAlias.merged_id).where(PersonAlias.person_id == merged_id))
    )
    session.execute(
        update(PersonAlias).where(PersonAlias.person_id == merged_id).values(person_id=survivor_id)
    )
    session.execute(
        delete(DuplicateDismissal).where(
            (DuplicateDismissal.low_id == merged_id) | (DuplicateDismissal.high_id == merged_id)
        )
    )
    for table, column in later_tables():
        moved[f"{table.name}.{column}"] = _move(session, table, column, survivor_id, merged_id)
    undo["moved"] = moved


def later_tables() -> list[tuple[Table, str]]:
    """Tables added by later features whose rows point at a person (and have an `id`): moved like the rest."""
    found = []
    for table in Base.metadata.sorted_tables:
        if table.name in HANDLED or "id" not in table.c or len(table.primary_key.columns) != 1:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == "people" and fk.column.name == "id":
                found.append((table, fk.parent.name))
    return found


def _move(session: Session, table: Table, column: str, survivor_id: int, merged_id: int) -> list[int]:
    ids = list(session.scalars(select(table.c.id).where(table.c[column] == merged_id)))
    if ids:
        session.execute(update(table).where(table.c.id.in_(ids)).values({column: survivor_id}))
    return ids
