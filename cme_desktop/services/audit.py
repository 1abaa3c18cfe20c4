"""Writing and reading the audit log. Every change to attendance, credits or disclosure review goes here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from cme_desktop.services.context import Context
from cme_desktop.store.audit import AuditEntry
from cme_desktop.store.bulk import insert_rows

_TABLE = cast(Table, AuditEntry.__table__)
_INSERT = insert(_TABLE)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    os_user: str
    db_user: str | None
    machine: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _db_user(session: Session) -> str | None:
    """The database login behind the change (PostgreSQL), asked once per pooled connection, not per entry."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return None
    if "cme_db_user" not in connection.info:
        connection.info["cme_db_user"] = connection.execute(text("SELECT current_user")).scalar()
    return connection.info["cme_db_user"]


def record(
    ctx: Context,
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Write an audit entry inside the caller's transaction, so it commits or rolls back with the change.

    A plain Core insert rather than an ORM object: the entry is never read back in the same unit of work, and
    the ORM's flush machinery was a tenth of the cost of a texted claim.
    """
    session.connection().execute(
        _INSERT, _entry(ctx, ctx.clock(), _db_user(session), action, entity, entity_id, before, after)
    )


def record_many(
    ctx: Context,
    session: Session,
    entries: Sequence[tuple[str, str, int | None, dict[str, Any] | None, dict[str, Any] | None]],
) -> None:
    """Write many audit entries (action, entity, entity_id, before, after) in one statement, as `record` does
    one: an import of 50,000 profiles writes 50,000 entries."""
    if not entries:
        return
    at, db_user = ctx.clock(), _db_user(session)
    insert_rows(session.connection(), _TABLE, [_entry(ctx, at, db_user, *entry) for entry in entries])


def _entry(
    ctx: Context,
    at: datetime,
    db_user: str | None,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    """One audit row's values: who (OS user, database login, machine), when, what, and before and after."""
    return {
        "at": at,
        "os_user": ctx.actor.os_user,
        "db_user": db_user,
        "machine": ctx.actor.machine,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
    }


def history(
    ctx: Context, entity: str | None = None, entity_id: int | None = None, limit: int = 500
) -> list[AuditRow]:
    """The newest entries first, optionally for one entity."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if entity is not None:
        query = query.where(AuditEntry.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    with ctx.db.transaction() as session:
        return [
            AuditRow(
                e.id,
                e.at,
                e.os_user,
                e.db_user,
                e.machine,
                e.action,
                e.entity,
                e.entity_id,
                e.before,
                e.after,
            )
            for e in session.scalars(query)
        ]
