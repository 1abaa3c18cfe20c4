"""Bulk inserts (store/bulk.py), used by the people import and its 50,000 audit entries: the rows read back
exactly as the ORM writes them, on both engines, and a row the statement cannot complete is refused whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

import pytest
from sqlalchemy import Table, select

from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.store.audit import AuditEntry
from cme_desktop.store.bulk import insert_rows
from cme_desktop.store.people import Person


def test_audit_entries_written_in_bulk_read_back_as_written(ctx: Context) -> None:
    entries = [
        ("person.import_create", "person", 1, None, {"first_name": "Zoë", "emails": ["zoe@example.org"]}),
        ("person.import_update", "person", 2, {"degree": "MD"}, {"degree": "DO"}),
        ("person.import_update", "person", 3, {"npi": None}, {"npi": "1234567893"}),
    ]
    with ctx.db.transaction() as session:
        audit.record_many(ctx, session, entries)
    found = audit.history(ctx, entity="person")
    assert [(e.action, e.entity_id, e.before, e.after) for e in reversed(found)] == [
        (action, entity_id, before, after) for action, _, entity_id, before, after in entries
    ]
    assert all(e.at == ctx.clock() and e.at.tzinfo is not None for e in found)


def test_each_row_keeps_its_own_values_when_rows_share_some(ctx: Context) -> None:
    """One timestamp object shared by every row is processed once; a different one in between is not lost."""
    first = datetime(2026, 11, 29, 14, 0, tzinfo=UTC)
    later = first + timedelta(hours=2)
    table = cast(Table, AuditEntry.__table__)
    rows = [
        {
            "at": at,
            "os_user": "c",
            "db_user": None,
            "machine": "m",
            "action": "a",
            "entity": "e",
            "entity_id": index,
            "before": None,
            "after": {"n": index},
        }
        for index, at in enumerate([first, first, later, first])
    ]
    with ctx.db.transaction() as session:
        insert_rows(session.connection(), table, rows)
    with ctx.db.transaction() as session:
        stored = session.execute(
            select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.after).order_by(AuditEntry.entity_id)
        ).all()
    assert [(i, at, after) for i, at, after in stored] == [
        (0, first, {"n": 0}),
        (1, first, {"n": 1}),
        (2, later, {"n": 2}),
        (3, first, {"n": 3}),
    ]


def test_a_row_without_a_required_default_is_refused_before_anything_is_written(ctx: Context) -> None:
    """people has columns with client-side defaults (profession, version) that a bulk insert cannot fill in:
    the caller hears which, and nothing is inserted."""
    table = cast(Table, Person.__table__)
    with ctx.db.transaction() as session, pytest.raises(ValueError, match=r"give people\.\w+ in every row"):
        insert_rows(
            session.connection(), table, [{"first_name": "Ann", "last_name": "Lee", "search_name": "lee ann"}]
        )
    with ctx.db.transaction() as session:
        assert session.scalars(select(Person)).all() == []
