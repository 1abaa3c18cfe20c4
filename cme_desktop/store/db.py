"""Engines and transactions for SQLite (one laptop) and PostgreSQL (an office).

Nothing here is SQLite-only: the same models and queries run on both engines.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.dml import UpdateBase

from cme_desktop.errors import DatabaseUnavailable, InputError

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000
# The tables the current transaction has written to (see Database.transaction); None outside a transaction.
_written: ContextVar[set[str] | None] = ContextVar("cme_written_tables", default=None)
CommitListener = Callable[[frozenset[str]], None]


def _note_write(_connection: Any, statement: Any, *_args: Any) -> None:
    """Every INSERT, UPDATE and DELETE (ORM flushes and Core statements alike) names its table here."""
    written = _written.get()
    if written is not None and isinstance(statement, UpdateBase):
        name = getattr(statement.table, "name", None)
        if name:
            written.add(str(name))


def normalize_url(url: str | URL) -> URL:
    """Accept what people type (`postgresql://`, `postgres://`, `sqlite:///file`) and pick our drivers."""
    parsed = make_url(str(url).replace("postgres://", "postgresql://", 1) if isinstance(url, str) else url)
    if parsed.drivername in ("postgresql", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_url_for(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path))


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def keep_private(path: Path) -> None:
    """A SQLite file only its owner may read (POSIX): created 0600 before SQLite opens it, and an older file
    (with its WAL and shared-memory files) tightened. SQLite gives the -wal and -shm files the database
    file's own permissions when it creates them."""
    if os.name != "posix":
        return
    try:
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if file.exists() and file.stat().st_mode & 0o077 and file.stat().st_uid == os.getuid():
                os.chmod(file, 0o600)
    except OSError:
        pass  # SQLite says why it cannot open the file, in a sentence (explain_connection_error)


def create_engine(url: str | URL, *, pre_ping: bool = True) -> Engine:
    """An engine with the pragmas and pool settings CME Desk relies on.

    `pre_ping` checks a pooled PostgreSQL connection before each use (a round trip). The app wants that: a
    coordinator's laptop sleeps and wakes. The texting gateway turns it off and retries a text instead.
    """
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            keep_private(Path(parsed.database))
        engine = sa_create_engine(
            parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, hide_parameters=True
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "before_execute", _note_write)
        return engine
    if parsed.get_backend_name() == "postgresql":
        engine = sa_create_engine(
            parsed,
            pool_pre_ping=pre_ping,
            connect_args={"connect_timeout": 5, "application_name": "CME Desk"},
            hide_parameters=True,
        )
        event.listen(engine, "before_execute", _note_write)
        return engine
    raise InputError(f"CME Desk works with SQLite and PostgreSQL, not {parsed.get_backend_name()}.")


def describe_url(url: str | URL) -> str:
    """Where the data lives, for the status bar and messages; never shows a password."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite file {parsed.database}"
    port = f":{parsed.port}" if parsed.port else ""
    return f"PostgreSQL {parsed.database} on {parsed.host}{port} as {parsed.username}"


def explain_connection_error(error: BaseException) -> str:
    """One sentence a coordinator understands for a failure to connect or a lost connection. The driver's own
    text (libpq's, SQLite's) goes to the log for whoever supports the app, never on screen."""
    text = str(getattr(error, "orig", None) or error)
    lowered = text.lower()
    log.warning(
        "Database error (%s): %s", type(error).__name__, text.strip().splitlines()[0] if text.strip() else ""
    )
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return "The database server refused the user name or password."
    if "does not exist" in lowered and "database" in lowered:
        return "The database server is reachable, but that database does not exist."
    if any(
        phrase in lowered
        for phrase in ("could not translate host", "name or service not known", "nodename nor servname")
    ):
        return "The database server's host name could not be found."
    if any(
        phrase in lowered
        for phrase in ("connection refused", "timeout expired", "could not connect", "no route to host")
    ):
        return "The database server could not be reached (is it running, and is the host and port right?)."
    if any(
        phrase in lowered
        for phrase in (
            "server closed the connection",
            "terminating connection",
            "connection already closed",
            "connection is closed",
            "ssl syscall error",
            "consuming input failed",
            "the connection is lost",
        )
    ):
        return "The connection to the database server was lost. Nothing was half-saved; try again."
    if "too many connections" in lowered or "remaining connection slots" in lowered:
        return "The database server has too many connections open; try again in a minute."
    if "permission denied" in lowered or "must be owner" in lowered:
        return "The database user is not allowed to do this; ask whoever runs the database server."
    if "ssl" in lowered or "certificate" in lowered:
        return "The secure (SSL) connection to the database server failed; check its certificate settings."
    if "readonly database" in lowered or "read-only" in lowered:
        return "The database file is read-only here; nothing was saved."
    if ("disk" in lowered and ("full" in lowered or "no space" in lowered)) or "no space left" in lowered:
        return "The disk holding the database is full; nothing was saved. Free some space and try again."
    if "unable to open database file" in lowered:
        return "The database file could not be opened (check the folder exists and you may write to it)."
    if "database is locked" in lowered:
        return "The database file is busy in another program; try again in a moment."
    if "file is not a database" in lowered or "malformed" in lowered:
        return (
            "The database file is damaged or is not a database; restore it from a backup "
            "(nothing was changed)."
        )
    if "disk i/o error" in lowered:
        return "The disk holding the database reported an error; nothing was saved."
    if getattr(error, "statement", None) is not None:
        # A statement's error can quote the values it was given: name only its kind (the log has the rest).
        kind = type(getattr(error, "orig", None) or error).__name__
        return f"The database refused the request ({kind}); nothing was saved."
    return "The database could not be used. The details are in the log file (Help › Open the log folder)."


@dataclass
class Database:
    """An open database: the engine, its session factory, and where it is.

    Each committed transaction that wrote anything tells the commit listeners which tables it wrote (on the
    thread that committed): that is how every write says what it changed, without a service having to remember.
    """

    url: URL
    engine: Engine
    sessions: sessionmaker[Session] = field(init=False)
    _listeners: list[CommitListener] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str | URL, *, pre_ping: bool = True) -> Database:
        parsed = normalize_url(url)
        return cls(parsed, create_engine(parsed, pre_ping=pre_ping))

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def description(self) -> str:
        return describe_url(self.url)

    def on_commit(self, listener: CommitListener) -> Callable[[], None]:
        """Call `listener(tables)` after each committed transaction that wrote; returns the way to stop."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error.

        A lost connection comes out as DatabaseUnavailable with a sentence to show; nothing is half-written.
        """
        written: set[str] = set()
        token = _written.set(written)
        try:
            with self.sessions.begin() as session:
                yield session
        except OperationalError as error:
            raise DatabaseUnavailable(explain_connection_error(error)) from error
        except DBAPIError as error:
            if error.connection_invalidated:
                raise DatabaseUnavailable(explain_connection_error(error)) from error
            raise
        finally:
            _written.reset(token)
        if written:
            tables = frozenset(written)
            for listener in list(self._listeners):
                listener(tables)

    def dispose(self) -> None:
        self.engine.dispose()
