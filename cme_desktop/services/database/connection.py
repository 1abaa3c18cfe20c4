"""Checking a database before switching to it: Settings > Database > Test connection."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from cme_desktop.store.db import Database, explain_connection_error
from cme_desktop.store.migrate import HEAD, REVISIONS, current_revision, kind_of


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str


def check_connection(url: str | URL) -> ConnectionCheck:
    """Connect, then say plainly whether CME Desk can use the database as it is."""
    try:
        db = Database.open(url)
    except ValueError as error:
        return ConnectionCheck(False, str(error))
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            revision = current_revision(connection)
            kind = kind_of(inspect(connection).get_table_names())
    except SQLAlchemyError as error:
        return ConnectionCheck(False, explain_connection_error(error))
    finally:
        db.dispose()
    if kind == "foreign":
        return ConnectionCheck(
            False, "Connected, but this database holds another program's tables: choose another database."
        )
    if revision is None:
        return ConnectionCheck(
            True, "Connected. The database is empty: CME Desk will set it up when you switch."
        )
    if revision == HEAD:
        return ConnectionCheck(True, "Connected. The database is ready to use.")
    if revision in REVISIONS:
        return ConnectionCheck(
            True, "Connected. The database will be upgraded to this version when you switch."
        )
    return ConnectionCheck(
        False,
        "Connected, but the database's schema is newer than this app: install the newer CME Desk to use it.",
    )
