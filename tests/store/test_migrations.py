"""The schema is built by Alembic revisions that form one chain and end exactly at the models."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from cme_desktop.errors import SchemaTooNew
from cme_desktop.store.db import Database
from cme_desktop.store.migrate import HEAD, MIGRATIONS, REVISIONS, alembic_config, ensure_schema
from cme_desktop.store.models import Base


def test_revisions_form_one_chain_that_start_up_knows() -> None:
    scripts = ScriptDirectory.from_config(alembic_config(None))  # type: ignore[arg-type]
    assert len(scripts.get_heads()) == 1
    chain = [rev.revision for rev in scripts.walk_revisions()][::-1]
    assert tuple(chain) == REVISIONS
    assert scripts.get_current_head() == HEAD
    assert MIGRATIONS.is_dir()


def test_upgrade_head_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_start_up_creates_an_empty_database_and_is_then_at_head(tmp_path: Path) -> None:
    db = Database.open(f"sqlite+pysqlite:///{tmp_path / 'new.sqlite3'}")
    assert ensure_schema(db) is None
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_a_schema_newer_than_the_app_is_refused_and_left_alone(sqlite_db: Database) -> None:
    with sqlite_db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pytest.raises(SchemaTooNew, match="newer version of CME Desk"):
        ensure_schema(sqlite_db)
    with sqlite_db.engine.connect() as connection:
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            == "9999_from_the_future"
        )


def test_an_older_sqlite_file_is_copied_aside_before_upgrading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cme_desktop.store.migrate as migrate

    path = tmp_path / "office.sqlite3"
    db = Database.open(f"sqlite+pysqlite:///{path}")
    ensure_schema(db)
    with db.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO office_settings (key, value) VALUES ('provider_name', '\"Old Office\"')")
        )
    # Pretend this app has a newer revision than the file; the "upgrade" itself is a no-op here.
    monkeypatch.setattr(migrate, "REVISIONS", (*REVISIONS, "0999_next"))
    monkeypatch.setattr(migrate, "HEAD", "0999_next")
    monkeypatch.setattr(migrate, "upgrade", lambda _db: None)
    backup = ensure_schema(db)
    db.dispose()
    assert backup is not None and backup.exists() and backup != path
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT value FROM office_settings").fetchone() == ('"Old Office"',)
    copy.close()


def test_upgrading_a_database_with_attendance_keeps_every_row(db: Database) -> None:
    """An office's file at the first schema, with people and claims, comes through every later revision whole.

    On SQLite a revision may rebuild a table; with foreign keys enforced, dropping the old `people` table would
    delete every claim pointing at it. The data here is written at 0001 and counted again at head.
    """
    from alembic import command

    with db.engine.begin() as connection:
        command.downgrade(alembic_config(db, connection), "0001_initial")
    now = "2026-11-28 16:00:00"
    rows = {
        "people": "INSERT INTO people (id, first_name, last_name, profession, search_name, created_at, version) "
        f"VALUES (1, 'Jane', 'Doe', 'physician', 'doe jane', '{now}', 1)",
        "person_emails": "INSERT INTO person_emails (id, person_id, address, is_primary) "
        "VALUES (1, 1, 'jane.doe@example.org', true)",
        "activities": "INSERT INTO activities (id, title, format, status, providership, delivery, "
        "code_opens_minutes_before, code_closes_days_after, created_at, version) "
        f"VALUES (1, 'Medicine Grand Rounds', 'rss', 'active', 'direct', 'in_person', 30, 7, '{now}', 1)",
        "sessions": "INSERT INTO sessions (id, activity_id, starts_at, ends_at, timezone, credit_quarters, "
        f"status, version) VALUES (1, 1, '{now}', '{now}', 'America/New_York', 4, 'scheduled', 1)",
        "attendance_claims": "INSERT INTO attendance_claims (id, session_id, person_id, channel, credit_type, "
        f"credit_quarters, claimed_at, recorded_by, evidence) VALUES (1, 1, 1, 'text', 'ama_pra_1', 4, '{now}', "
        "'gateway', '{}')",
    }
    with db.engine.begin() as connection:
        for statement in rows.values():
            connection.execute(text(statement))
    ensure_schema(db)
    with db.engine.connect() as connection:
        counts = {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in rows}
        assert connection.execute(text("SELECT moc_permission FROM people")).scalar() in (False, 0)
    assert counts == dict.fromkeys(rows, 1)


def test_professions_implied_by_a_compound_degree_are_read_again_and_audited(db: Database) -> None:
    """DOMAIN.md, "Credit": "MD, PhD" and "MBChB" are physicians. Profiles the old exact-match reading made
    'other' become physicians at 0006, each with an audit entry; a profession set by hand stays as it was."""
    from alembic import command

    with db.engine.begin() as connection:
        command.downgrade(alembic_config(db, connection), "0002_moc_permission")
    now = "2026-11-28 16:00:00"
    people = [
        (1, "MD, PhD", "other"),  # implied by the old reading: re-read
        (2, "MBChB", "other"),  # likewise
        (3, "MD", "physician"),  # the same under both readings
        (4, "MD, PhD", "nurse"),  # set by hand: kept
        (5, "RN, BSN", "other"),  # implied: a nurse now
    ]
    with db.engine.begin() as connection:
        for person_id, degree, profession in people:
            connection.execute(
                text(
                    "INSERT INTO people (id, first_name, last_name, degree, profession, search_name, created_at, "
                    f"version) VALUES ({person_id}, 'A', 'B{person_id}', '{degree}', '{profession}', 'b a', "
                    f"'{now}', 1)"
                )
            )
    ensure_schema(db)
    with db.engine.connect() as connection:
        found = dict(connection.execute(text("SELECT id, profession FROM people ORDER BY id")).all())
        audited = (
            connection.execute(
                text(
                    "SELECT entity_id FROM audit_log WHERE action = 'person.profession_from_degree' ORDER BY entity_id"
                )
            )
            .scalars()
            .all()
        )
    assert found == {1: "physician", 2: "physician", 3: "physician", 4: "nurse", 5: "nurse"}
    assert audited == [1, 2, 5]
