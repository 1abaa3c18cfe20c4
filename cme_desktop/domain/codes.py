"""Attendance codes and their windows (DOMAIN.md, "Attendance").

A code is 7 digits from a cryptographic random source. By default its window opens 30 minutes before the
session and closes 7 days after it ends, the seed document's rule.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import datetime, timedelta

CODE_LENGTH = 7
DEFAULT_OPENS_MINUTES_BEFORE = 30
DEFAULT_CLOSES_DAYS_AFTER = 7


@dataclass(frozen=True)
class CodeWindow:
    opens_at: datetime
    closes_at: datetime

    def is_open(self, instant: datetime) -> bool:
        return self.opens_at <= instant <= self.closes_at


def code_window(
    starts_at: datetime,
    ends_at: datetime,
    opens_minutes_before: int = DEFAULT_OPENS_MINUTES_BEFORE,
    closes_days_after: int = DEFAULT_CLOSES_DAYS_AFTER,
) -> CodeWindow:
    """The window in which a session's code is accepted."""
    return CodeWindow(
        opens_at=starts_at - timedelta(minutes=opens_minutes_before),
        closes_at=ends_at + timedelta(days=closes_days_after),
    )


def new_code(taken: Container[str], randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """A fresh 7-digit code (no leading zero, so it reads the same aloud and in a spreadsheet) not in `taken`."""
    low = 10 ** (CODE_LENGTH - 1)
    for _ in range(1000):
        code = str(low + randbelow(9 * low))
        if code not in taken:
            return code
    raise RuntimeError("Could not find an unused attendance code; the code space is exhausted.")


def group_code(code: str) -> str:
    """The code grouped for reading aloud: 2356446 -> '235 6446'."""
    return f"{code[:3]} {code[3:]}" if len(code) == CODE_LENGTH else code
