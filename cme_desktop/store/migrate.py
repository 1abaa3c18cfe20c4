"""Schema upgrades at start-up: copy a SQLite file aside, upgrade, and refuse a schema newer than this app."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, inspect, text

from cme_desktop.errors import SchemaTooNew
from cme_desktop.store.db import Database

log = logging.getLogger(__name__)

# The revision chain in store/migrations/versions, oldest first. A test checks it against Alembic's own view,
# so start-up can tell "at head?" without importing Alembic (which is slow to import).
REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_moc_permission",
    "0006_accreditation",
    "0007_reporting",
    "0008_integrity",
    "0009_texting",
    "0010_portal",
    "0012_disclosures",
)
HEAD = REVISIONS[-1]
MIGRATIONS = Path(__file__).with_name("migrations")


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def schema_state(db: Database) -> str | None:
    """The database's revision, or None for an empty database."""
    with db.engine.connect() as connection:
        return current_revision(connection)


def schema_kind(db: Database) -> str:
    """'empty' (no tables at all), 'ours' (a CME Desk schema, of any version) or 'foreign' (another program's)."""
    with db.engine.connect() as connection:
        return kind_of(inspect(connection).get_table_names())


def sqlite_file_kind(path: Path) -> str:
    """What schema_kind says, read without writing a byte: opening a file with the app's engine turns on WAL
    mode, which rewrites the header of another program's file. A damaged file raises sqlite3.DatabaseError."""
    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return kind_of(
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        )
    finally:
        connection.close()


def kind_of(table_names: Iterable[str]) -> str:
    """A schema with Alembic's version table is taken for CME Desk's (ensure_schema then refuses a revision it
    does not know); tables without it are another program's."""
    tables = set(table_names)
    if not tables:
        return "empty"
    return "ours" if "alembic_version" in tables else "foreign"


def ensure_schema(db: Database, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to HEAD. Returns the backup made of a SQLite file before upgrading it, if any."""
    revision = schema_state(db)
    if revision == HEAD:
        return None
    if revision is not None and revision not in REVISIONS:
        raise SchemaTooNew(
            f"This database was set up by a newer version of CME Desk (schema {revision}). "
            "Install the newer version to open it; nothing was changed."
        )
    backup = None
    if revision is not None and db.is_sqlite and db.url.database not in (None, "", ":memory:"):
        backup = backup_before_upgrade(Path(str(db.url.database)), revision, backup_dir)
    upgrade(db)
    return backup


def backup_before_upgrade(path: Path, revision: str, backup_dir: Path | None = None) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = (backup_dir or path.parent) / f"{path.stem}.before-upgrade-from-{revision}-{stamp}{path.suffix}"
    copy_sqlite(path, target)
    log.info("Copied the database aside before upgrading: %s", target)
    return target


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file (WAL included), through SQLite's own backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def alembic_config(db: Database | None, connection: Connection | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    # Alembic announces each of its plugins at INFO; the log keeps only the upgrade itself.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    if not db.is_sqlite:
        with db.engine.begin() as connection:
            command.upgrade(alembic_config(db, connection), revision)
        return
    # SQLite changes a table by building a new one and dropping the old. With foreign keys enforced, dropping
    # `people` would delete every email and phone that points at it (and fail on its claims), so they are off
    # while the schema changes (the pragma only takes effect outside a transaction), checked before the commit,
    # and back on after.
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        try:
            with connection.begin():
                command.upgrade(alembic_config(db, connection), revision)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(
                        f"Upgrading the schema would leave {len(broken)} rows pointing at nothing; "
                        "nothing was changed."
                    )
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
