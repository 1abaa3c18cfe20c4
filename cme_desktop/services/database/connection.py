"""Checking a database before switching to it: Settings > Database > Test connection."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from cme_desktop.store.db import Database, explain_connection_error
from cme_desktop.store.migrate import HEAD, REVISIONS, current_revision


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
    except SQLAlchemyError as error:
        return ConnectionCheck(False, explain_connection_error(error))
    finally:
        db.dispose()
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
