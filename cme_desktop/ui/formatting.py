"""How dates, times and credits read on screen, in the office's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def time_of_day(instant: datetime, zone: ZoneInfo) -> str:
    local = instant.astimezone(zone)
    return local.strftime("%I:%M %p").lstrip("0")


def time_range(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    return f"{time_of_day(start, zone)} – {time_of_day(end, zone)}"


def day_and_time(instant: datetime, zone: ZoneInfo) -> str:
    """'Sat Dec 5, 1:00 PM'."""
    local = instant.astimezone(zone)
    return f"{local:%a %b} {local.day}, {time_of_day(instant, zone)}"


def long_day(instant: datetime, zone: ZoneInfo) -> str:
    """'Saturday, November 28'."""
    local = instant.astimezone(zone)
    return f"{local:%A, %B} {local.day}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 claim', '2 claims', '1 person', '3 people': a count with its noun."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"
