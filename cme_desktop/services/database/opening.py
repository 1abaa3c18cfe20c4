"""Opening the database the app, a command or the web server works on: every model mapped first, the schema
brought up to date, and a failure to connect turned into one sentence.

Mappers are configured here, on the caller's thread, before the first query: SQLAlchemy configures them lazily on
first use, and a first use on two threads at once (a page loading while another starts) failed with "One or more
mappers failed to initialize" or crashed the process.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import configure_mappers

from cme_desktop import secrets
from cme_desktop.clock import Clock, system_clock
from cme_desktop.config import ConnectionProfile
from cme_desktop.errors import DatabaseUnavailable, NoDatabase
from cme_desktop.services.context import Actor, Context
from cme_desktop.store.db import Database, describe_url, explain_connection_error, normalize_url
from cme_desktop.store.migrate import sqlite_file_kind


def prepare_models() -> None:
    """Import every model and configure the mappers once, before any thread queries."""
    import cme_desktop.store.models  # noqa: F401  (registers every mapped class)

    configure_mappers()


def open_context(
    url: str | URL,
    *,
    migrate: bool = True,
    create: bool = False,
    pre_ping: bool = True,
    clock: Clock = system_clock,
    actor: Actor | None = None,
    backup_dir: Path | None = None,
    ask_password: Callable[[str], str | None] | None = None,
) -> Context:
    """A service context on the CME Desk database at `url`, its schema brought up to date when `migrate`.

    A PostgreSQL URL needs no password in it: the one Settings > Database saved in the keyring for that server,
    database and user is used, else libpq's PGPASSWORD or PGPASSFILE (~/.pgpass); when the server still asks for
    one, `ask_password(prompt)` is asked once (a command's prompt on a terminal).

    Only with `create` (init, demo, and the app's first start) is a missing SQLite file or an empty database
    set up; otherwise NoDatabase says there is none there, and nothing is created, not even an empty file.
    Another program's database is refused either way. Raises DatabaseUnavailable (a sentence) when the
    database cannot be reached, SchemaTooNew when a newer CME Desk upgraded it; nothing is changed in any case.
    """
    from cme_desktop.store.migrate import ensure_schema, schema_kind

    prepare_models()
    parsed = with_stored_password(normalize_url(url))
    where = describe_url(parsed)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_file(parsed, create)
    db = Database.open(parsed, pre_ping=pre_ping)
    try:
        try:
            kind = schema_kind(db)
        except DBAPIError as error:
            password = _ask_for_password(parsed, error, ask_password)
            if password is None:
                raise
            db.dispose()
            parsed = parsed.set(password=password)
            db = Database.open(parsed, pre_ping=pre_ping)
            kind = schema_kind(db)
        if kind == "foreign":
            raise NoDatabase(_foreign(where))
        if kind == "empty" and not create:
            raise NoDatabase(_empty(where))
        if migrate:
            ensure_schema(db, backup_dir)
    except DBAPIError as error:
        db.dispose()
        raise DatabaseUnavailable(explain_connection_error(error)) from error
    except BaseException:
        db.dispose()
        raise
    return Context(db, clock=clock, actor=actor or Actor.current())


def with_stored_password(url: URL) -> URL:
    """`url` with the password the keyring holds for its server, database and user (Settings > Database), when
    it names none and PGPASSWORD is not set; otherwise as it is."""
    if url.get_backend_name() != "postgresql" or url.password or os.environ.get("PGPASSWORD"):
        return url
    profile = ConnectionProfile(
        host=url.host or "localhost",
        database=url.database or "",
        user=url.username or "",
        port=url.port or 5432,
    )
    stored = secrets.get_secret(profile.keyring_name)
    return url.set(password=stored) if stored else url


def _ask_for_password(url: URL, error: DBAPIError, ask: Callable[[str], str | None] | None) -> str | None:
    """A password typed at the prompt, when the server refused for want of one and there is someone to ask."""
    refused = explain_connection_error(error) == "The database server refused the user name or password."
    if ask is None or url.password or not refused:
        return None
    return ask(f"Password for {url.username} on {url.host}: ") or None


def _check_sqlite_file(url: URL, create: bool) -> None:
    """Refuse a missing file (unless creating), a damaged one, and another program's, before the engine opens
    it: opening switches a file to WAL mode, a change even to a file CME Desk then leaves alone."""
    name = url.database or ""
    if name in ("", ":memory:"):
        return
    path = Path(name).expanduser()
    if not path.is_file() or path.stat().st_size == 0:
        if create:
            return
        raise NoDatabase(
            f"There is no CME Desk database at {name}; check the path, or create one with `cme-desktop init`."
        )
    try:
        kind = sqlite_file_kind(path)
    except sqlite3.DatabaseError as error:
        raise DatabaseUnavailable(explain_connection_error(error)) from error
    if kind == "foreign":
        raise NoDatabase(_foreign(describe_url(url)))
    if kind == "empty" and not create:
        raise NoDatabase(_empty(describe_url(url)))


def _foreign(where: str) -> str:
    return f"{where} holds another program's tables, not CME Desk's; check the database URL (nothing was changed)."


def _empty(where: str) -> str:
    return f"{where} is empty; set it up with `cme-desktop init` (nothing was changed)."


def is_sqlite(url: str | URL) -> bool:
    """Whether `url` names a SQLite file (one writer at a time) rather than a PostgreSQL server."""
    return normalize_url(url).get_backend_name() == "sqlite"


def profile_url(profile: ConnectionProfile, password: str | None) -> str:
    """The URL of an office server as Settings > Database describes it, with its password when given."""
    url = URL.create(
        "postgresql+psycopg",
        username=profile.user,
        password=password or None,
        host=profile.host,
        port=profile.port,
        database=profile.database,
        query={"sslmode": profile.sslmode},
    )
    return url.render_as_string(hide_password=False)


def warm_pool(ctx: Context, connections: int) -> None:
    """Open `connections` pooled connections now, so the first requests after a (re)start do not each wait to
    connect. A database that is not there yet is not an error here: the requests will say so."""
    import contextlib
    import logging

    try:
        with contextlib.ExitStack() as opened:
            for _ in range(connections):
                opened.enter_context(ctx.db.engine.connect()).exec_driver_sql("SELECT 1")
    except Exception as error:
        logging.getLogger(__name__).warning("Could not connect to the database yet: %s", type(error).__name__)


def database_answers(ctx: Context) -> bool:
    """True when a query on the database answers (a health check)."""
    try:
        with ctx.db.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return True
    except Exception:
        return False
