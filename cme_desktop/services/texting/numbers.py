"""A phone number's texting state: opted out or not, whether or not the number is linked to a profile.

DOMAIN.md, "SMS": an opted-out number gets no further messages until it opts back in. The state is kept per
number (store/messages.TextingNumber), so a STOP sent before the phone was linked holds after linking.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast

from sqlalchemy import Connection, Table, bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from cme_desktop.store.messages import TextingNumber

_NUMBERS = cast(Table, TextingNumber.__table__)
_IS_OPTED_OUT = select(TextingNumber.opted_out).where(TextingNumber.phone == bindparam("phone"))


def is_opted_out(connection: Connection | Session, phone: str) -> bool:
    return bool(connection.execute(_IS_OPTED_OUT, {"phone": phone}).scalar())


def opted_out_among(session: Session, phones: Iterable[str]) -> set[str]:
    """Which of `phones` are opted out."""
    wanted = list(dict.fromkeys(phones))
    if not wanted:
        return set()
    return set(
        session.scalars(
            select(TextingNumber.phone).where(TextingNumber.phone.in_(wanted), TextingNumber.opted_out)
        )
    )


def set_opted_out(session: Session, phone: str, opted_out: bool, how: str, now: datetime) -> bool:
    """Record a number's opt-out (or opt-in); True when its state changed. One statement, safe under races."""
    if is_opted_out(session, phone) == opted_out:
        return False
    insert = pg_insert if session.connection().dialect.name == "postgresql" else sqlite_insert
    values = {"phone": phone, "opted_out": opted_out, "changed_at": now, "how": how}
    session.execute(
        insert(_NUMBERS)
        .values(**values)
        .on_conflict_do_update(
            index_elements=["phone"], set_={"opted_out": opted_out, "changed_at": now, "how": how}
        )
    )
    return True
