"""Every table a write can touch is named as a kind of record, so no write goes unannounced to the screens."""

from __future__ import annotations

from cme_desktop.services.changes import TABLES, Change, changes_of
from cme_desktop.store.models import Base

UNANNOUNCED = {"audit_log"}  # written alongside every change; no screen lists it live


def test_every_table_is_a_kind_of_record_or_deliberately_unannounced() -> None:
    tables = set(Base.metadata.tables)
    assert tables - set(TABLES) - UNANNOUNCED == set()
    assert set(TABLES) - tables == set(), "a kind names a table that no longer exists"


def test_tables_are_named_as_a_coordinator_thinks_of_them() -> None:
    assert changes_of({"attendance_claims", "people", "person_aliases", "audit_log"}) == {
        Change.CLAIMS,
        Change.PEOPLE,
    }
    assert changes_of({"audit_log"}) == frozenset()
