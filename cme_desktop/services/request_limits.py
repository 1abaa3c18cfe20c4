"""Limits on requests that mail a code (a portal sign-in, a phone link), counted from the rows the requests left.

Each request is a row with its moment; a limit is "at most `allowed` in any `window`" for the rows that share a
value (the same address, phone or client). Addresses are counted by a hash, so a request for an address that
is on no profile keeps nothing readable of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

Limit = tuple[timedelta, int]  # (window, how many requests it allows)


def address_key(text: str) -> str:
    """What is kept of an address (or a client) to count its requests: a hash of it, whatever its case."""
    return hashlib.sha256(text.strip().lower().encode("utf-8")).hexdigest()


def free_again(
    session: Session,
    created_at: Any,
    counted: Iterable[tuple[Any, Any, Iterable[Limit]]],
    now: datetime,
) -> datetime | None:
    """When every (column, value, limits) allows one more request, or None when all allow one now.

    `created_at` is the requests' moment column; for each column and value, the newest `allowed` requests inside
    each window are read, and a full window frees up when the oldest of them leaves it."""
    until: datetime | None = None
    for column, value, limits in counted:
        for window, allowed in limits:
            times = session.scalars(
                select(created_at)
                .where(column == value, created_at > now - window)
                .order_by(created_at.desc())
                .limit(allowed)
            ).all()
            if len(times) >= allowed:
                free = times[-1] + window
                until = free if until is None or free > until else until
    return until
