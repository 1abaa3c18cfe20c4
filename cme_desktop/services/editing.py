"""Saving rows that two coordinators may edit at once (DESIGN.md, "Two coordinators, one record").

The caller passes the version it loaded; a save over a newer version is refused with "changed by <user> at
<time>: reload", never silently overwritten. The same sentence comes out when the other save lands between our
check and our write (SQLAlchemy's version counter catches that at flush).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from sqlalchemy.orm.exc import StaleDataError

from cme_desktop.domain.localtime import say_moment
from cme_desktop.errors import InputError
from cme_desktop.services.context import Context
from cme_desktop.store.base import Edited


class StaleEditError(InputError):
    """Someone saved the row after the caller loaded it; the message names who and when."""


def stale_message(what: str, row: Edited, zone: ZoneInfo) -> str:
    who = row.updated_by or "another coordinator"
    when = say_moment(row.updated_at, zone) if row.updated_at else "an unknown time"
    return f"This {what} was changed by {who} at {when}: reload it to see their changes, then edit again."


def check_version(row: Edited, expected_version: int, what: str, zone: ZoneInfo) -> None:
    """Refuse the save when the row is no longer the version the caller loaded."""
    if row.version != expected_version:
        raise StaleEditError(stale_message(what, row, zone))


def stamp(row: Edited, ctx: Context) -> None:
    """Record who saved the row and when; the version goes up when the row is written."""
    row.updated_at = ctx.clock()
    row.updated_by = ctx.actor.os_user


@contextmanager
def refusing_races(
    ctx: Context, model: type[Edited], row_id: int, what: str, zone: ZoneInfo
) -> Iterator[None]:
    """Turn a save that lost a race with another coordinator's save into StaleEditError (wrap the transaction)."""
    try:
        yield
    except StaleDataError as error:
        with ctx.db.transaction() as session:
            row = session.get(model, row_id)
        if row is None:
            raise StaleEditError(f"This {what} was removed by another coordinator: reload.") from error
        raise StaleEditError(stale_message(what, row, zone)) from error
