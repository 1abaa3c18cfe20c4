"""Opening the database the app, a command or the web server works on: every model mapped first, the schema
brought up to date, and a failure to connect turned into one sentence.

Mappers are configured here, on the caller's thread, before the first query: SQLAlchemy configures them lazily on
first use, and a first use on two threads at once (a page loading while another starts) failed with "One or more
mappers failed to initialize" or crashed the process.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import configure_mappers

from cme_desktop.clock import Clock, system_clock
from cme_desktop.config import ConnectionProfile
from cme_desktop.errors import DatabaseUnavailable
from cme_desktop.services.context import Actor, Context
from cme_desktop.store.db import Database, explain_connection_error, normalize_url


def prepare_models() -> None:
    """Import every model and configure the mappers once, before any thread queries."""
    import cme_desktop.store.models  # noqa: F401  (registers every mapped class)

    configure_mappers()


def open_context(
    url: str | URL,
    *,
    migrate: bool = True,
    pre_ping: bool = True,
    clock: Clock = system_clock,
    actor: Actor | None = None,
    backup_dir: Path | None = None,
) -> Context:
    """A service context on the database at `url`, its schema brought up to date when `migrate`.

    Raises DatabaseUnavailable (a sentence) when the database cannot be reached, SchemaTooNew when a newer CME
    Desk upgraded it; nothing is changed in either case.
    """
    from cme_desktop.store.migrate import ensure_schema

    prepare_models()
    db = Database.open(url, pre_ping=pre_ping)
    try:
        if migrate:
            ensure_schema(db, backup_dir)
    except OperationalError as error:
        db.dispose()
        raise DatabaseUnavailable(explain_connection_error(error)) from error
    except BaseException:
        db.dispose()
        raise
    return Context(db, clock=clock, actor=actor or Actor.current())


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
