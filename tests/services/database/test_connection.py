"""Settings › Database › Test connection: one plain sentence for each way a database can be unusable."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from cme_desktop.services.database.connection import check_connection
from cme_desktop.store.db import Database


def test_an_empty_a_ready_and_a_newer_database_are_told_apart(tmp_path: Path, sqlite_db: Database) -> None:
    empty = check_connection(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert empty.ok and "empty" in empty.message
    url = sqlite_db.url.render_as_string(hide_password=False)
    assert check_connection(url).message == "Connected. The database is ready to use."
    with sqlite_db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    newer = check_connection(url)
    assert not newer.ok and "newer than this app" in newer.message


def test_an_unreachable_server_and_an_unknown_engine(tmp_path: Path) -> None:
    unreachable = check_connection("postgresql://nobody:pw@127.0.0.1:9/cme")
    assert not unreachable.ok and "could not be reached" in unreachable.message
    other = check_connection("mysql://u:p@localhost/cme")
    assert not other.ok and "SQLite and PostgreSQL" in other.message


def test_another_programs_database_is_not_offered_for_switching(tmp_path: Path) -> None:
    """Issue 15, item 7: switching to it would have set CME Desk's tables up beside the other program's."""
    import sqlite3

    path = tmp_path / "budget.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY)")
    check = check_connection(f"sqlite:///{path}")
    assert not check.ok and "another program's tables" in check.message
