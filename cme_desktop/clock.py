"""The one place that reads the wall clock, so tests can freeze time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(UTC)


def frozen_clock(instant: datetime) -> Clock:
    """A clock that always answers `instant` (which must carry its offset)."""
    if instant.tzinfo is None:
        raise ValueError("a frozen clock needs an aware datetime")
    return lambda: instant
