"""Fixtures shared by every test: a fresh database per test on SQLite and on PostgreSQL, a frozen clock, an
in-memory keyring, and a private data folder. Qt is told to run offscreen before it loads."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cme_desktop.clock import frozen_clock
from cme_desktop.services.context import Actor, Context
from cme_desktop.store.db import Database, normalize_url
from cme_desktop.store.migrate import upgrade
from tests.memory_keyring import MemoryKeyring

POSTGRES_ENV = "CME_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "CME_REQUIRE_POSTGRES"
DEFAULT_POSTGRES = "postgresql://cme:cme@127.0.0.1:54329/postgres"

# Saturday 28 November 2026, 11:00 in Charleston (America/New_York, UTC-5).
NOW = datetime(2026, 11, 28, 16, 0, tzinfo=UTC)
# The office every test database starts as: accredited by the ACCME, as an ANCC accredited provider and by the
# ACPE, so activities can designate AMA, nursing and pharmacy credit (not IPCE: that takes Joint Accreditation).
# Its name is left empty, as a new office's is; tests of an office that declared nothing clear these.
ACCREDITED_OFFICE = {
    "physician_accreditor": "ACCME",
    "nursing_accreditation": "accredited",
    "acpe_accredited": True,
    "provider_address": "171 Ashley Avenue, Charleston, SC 29425",
}


def _declare_accreditation(db: Database) -> None:
    with db.engine.begin() as connection:
        for key, value in ACCREDITED_OFFICE.items():
            connection.execute(
                text("INSERT INTO office_settings (key, value) VALUES (:key, :value)"),
                {"key": key, "value": json.dumps(value)},
            )


def clear_accreditation(db: Database) -> None:
    """Make the test's office one that has declared no accreditation (a fresh database)."""
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM office_settings"))


@pytest.fixture(autouse=True)
def _isolated(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MemoryKeyring]:
    """No test touches the real keyring, the real data folder or a database named in the environment."""
    monkeypatch.setenv("CME_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("CME_DATABASE_URL", raising=False)
    for secret in ("CME_SSN_KEY", "CME_TWILIO_AUTH_TOKEN", "CME_SMTP_PASSWORD", "CME_OIDC_CLIENT_SECRET"):
        monkeypatch.delenv(secret, raising=False)  # the developer's own server secrets stay out of the tests
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(_isolated: MemoryKeyring) -> MemoryKeyring:
    return _isolated


def _postgres_admin_url() -> str:
    return os.environ.get(POSTGRES_ENV, DEFAULT_POSTGRES)


def _postgres_reason() -> str | None:
    """None when a PostgreSQL server answers, else why not."""
    try:
        engine = create_engine(normalize_url(_postgres_admin_url()), connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as error:
        return f"no PostgreSQL server at {make_url(_postgres_admin_url()).render_as_string()}: {type(error).__name__}"


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A database migrated to head once per run; each test copies it (CREATE DATABASE ... TEMPLATE)."""
    reason = _postgres_reason()
    if reason is not None:
        if os.environ.get(REQUIRE_POSTGRES_ENV):
            pytest.fail(f"PostgreSQL is required here ({REQUIRE_POSTGRES_ENV} is set) but {reason}")
        pytest.skip(f'PostgreSQL tests skipped: {reason} (start one with: eval "$(bash .ci/postgres.sh)")')
    name = f"cme_template_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalize_url(_postgres_admin_url()), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database.open(normalize_url(_postgres_admin_url()).set(database=name))
    upgrade(db)
    _declare_accreditation(db)
    db.dispose()
    yield name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database.open(f"sqlite+pysqlite:///{path}")
    upgrade(db)
    _declare_accreditation(db)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


def _sqlite_database(template: Path, directory: Path) -> Database:
    path = directory / "cme-desk.sqlite3"
    shutil.copyfile(template, path)
    return Database.open(f"sqlite+pysqlite:///{path}")


@pytest.fixture
def sqlite_db(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    db = _sqlite_database(sqlite_template, tmp_path)
    yield db
    db.dispose()


@pytest.fixture
def postgres_db(postgres_template: str) -> Iterator[Database]:
    name = f"cme_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_url(_postgres_admin_url()), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"'))
    db = Database.open(normalize_url(_postgres_admin_url()).set(database=name))
    yield db
    db.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    """A fresh, migrated database: every test using it runs on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_db")


@pytest.fixture
def clock_now() -> datetime:
    return NOW


@pytest.fixture
def ctx(db: Database, clock_now: datetime) -> Context:
    """A service context on a fresh database, the clock frozen at NOW."""
    return Context(db, clock=frozen_clock(clock_now), actor=Actor("coordinator", "test-laptop"))


@pytest.fixture
def sqlite_ctx(sqlite_db: Database, clock_now: datetime) -> Context:
    return Context(sqlite_db, clock=frozen_clock(clock_now), actor=Actor("coordinator", "test-laptop"))
