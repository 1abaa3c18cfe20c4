"""Undoing a merge from its audit entry: the merged-away profile comes back with its id and everything it had.

Survivor fields the merge changed go back to their old values unless someone has edited them since (then the
later edit stands). Claims that were combined are split again, each with its certificate.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from cme_desktop.domain.names import search_name
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.editing import stamp
from cme_desktop.services.people.profiles import Profile, profile_of, snapshot
from cme_desktop.services.rows import row_values
from cme_desktop.store.attendance import AttendanceClaim, Certificate
from cme_desktop.store.audit import AuditEntry
from cme_desktop.store.base import Base
from cme_desktop.store.disclosures import ActivityRole
from cme_desktop.store.locking import hold_write_lock, lock_for_update
from cme_desktop.store.people import Person, PersonAlias, PersonEmail, StateLicense


def undo_merge(ctx: Context, audit_id: int) -> Profile:
    """Split the profiles a merge joined; returns the profile brought back."""
    with ctx.db.transaction() as session:
        hold_write_lock(session)
        entry = session.get(AuditEntry, audit_id)
        if entry is None or entry.action != "person.merge" or not entry.after or entry.entity_id is None:
            raise InputError("That audit entry is not a merge of two profiles.")
        merged_id = int(entry.after["merged_id"])
        alias = session.get(PersonAlias, merged_id, with_for_update=True)  # two undos: one wins
        if alias is None or alias.snapshot is None:
            raise InputError("This merge has already been undone.")
        lock_for_update(session, Person.id, (alias.person_id,))
        survivor = session.get(Person, alias.person_id)
        if survivor is None:
            raise InputError("The surviving profile no longer exists, so this merge cannot be undone.")
        undo: dict[str, Any] = json.loads(alias.snapshot)
        before_survivor = snapshot(survivor)

        for name, old in undo["survivor_before"].items():
            if getattr(survivor, name) == undo["survivor_after"][name]:
                setattr(survivor, name, old)
        survivor.search_name = search_name(survivor.first_name, survivor.last_name)
        stamp(survivor, ctx)
        person = undo["person"]
        for column in ("netid", "npi"):
            if person.get(column) and getattr(survivor, column) == person[column]:
                raise InputError(
                    f"This merge cannot be undone: the {column.upper()} {person[column]} was edited onto the "
                    "surviving profile after the merge."
                )
        session.delete(alias)
        session.flush()
        session.execute(insert(Person.__table__), [row_values(Person.__table__, person)])  # type: ignore[arg-type]
        _restore_claims(session, survivor.id, merged_id, undo)
        _restore_the_rest(session, survivor.id, merged_id, undo)
        session.expire_all()
        restored = session.get(Person, merged_id)
        survivor = session.get(Person, entry.entity_id)
        assert restored is not None and survivor is not None
        primary = undo.get("survivor_primary")
        for email in survivor.emails:
            email.is_primary = email.address == primary
        session.flush()
        audit.record(
            ctx,
            session,
            "person.merge_undo",
            "person",
            merged_id,
            {"survivor": before_survivor, "merge_audit_id": audit_id},
            {"survivor": snapshot(survivor), "restored": snapshot(restored)},
        )
        return profile_of(session, restored)


def _restore_claims(session: Session, survivor_id: int, merged_id: int, undo: dict[str, Any]) -> None:
    claims: Any = AttendanceClaim.__table__
    certificates: Any = Certificate.__table__
    session.execute(update(claims).where(claims.c.id.in_(undo["claims"])).values(person_id=merged_id))
    for record in undo["combined_claims"]:
        dropped = record["dropped"]
        if record["kept_was_merged"]:
            session.execute(
                update(claims).where(claims.c.id == record["kept_id"]).values(person_id=merged_id)
            )
            dropped = {**dropped, "person_id": survivor_id}
        else:
            dropped = {**dropped, "person_id": merged_id}
        session.execute(insert(claims), [row_values(claims, dropped)])
        if record["moved_certificate_id"] is not None:
            session.execute(
                update(certificates)
                .where(certificates.c.id == record["moved_certificate_id"])
                .values(claim_id=dropped["id"])
            )
        if record["dropped_certificate"] is not None:
            session.execute(insert(certificates), [row_values(certificates, record["dropped_certificate"])])


def _restore_the_rest(session: Session, survivor_id: int, merged_id: int, undo: dict[str, Any]) -> None:
    for email_id, was_primary in undo["emails"].items():
        session.execute(
            update(PersonEmail)
            .where(PersonEmail.id == int(email_id), PersonEmail.person_id == survivor_id)
            .values(person_id=merged_id, is_primary=was_primary)
        )
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    for key, ids in undo["moved"].items():
        if not ids:
            continue
        if key == "person_aliases":
            session.execute(
                update(PersonAlias).where(PersonAlias.merged_id.in_(ids)).values(person_id=merged_id)
            )
            continue
        name, _, column = key.partition(".")
        table = tables.get(name)
        if table is None:
            continue
        column = column or "person_id"
        session.execute(
            update(table)
            .where(table.c.id.in_(ids), table.c[column] == survivor_id)
            .values({column: merged_id})
        )
    for model, rows in ((StateLicense, undo["dropped_licenses"]), (ActivityRole, undo["dropped_roles"])):
        kept: Any = model.__table__
        for row in rows:
            session.execute(insert(kept), [row_values(kept, row)])
    session.flush()
