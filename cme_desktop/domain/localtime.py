"""Wall-clock times in a session's zone, and the dates and times coordinators type.

Sessions are planned in local time ("grand rounds at noon") and stored as instants. A local time that the clocks
skip (spring forward) or pass twice (fall back) cannot be turned into one instant, so it is refused with a sentence
rather than guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from cme_desktop.errors import InputError


class LocalTimeError(InputError):
    """A local date or time that cannot be used; the message is one sentence for a coordinator."""


def say_day(day: date) -> str:
    """A date as a US coordinator reads it: 'Thursday, December 3, 2026'."""
    return f"{_WEEKDAYS[day.weekday()]}, {_MONTHS[day.month - 1]} {day.day}, {day.year}"


def say_time(value: time) -> str:
    """A time of day on the 12-hour clock: '12:00 PM', '7:30 AM'."""
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"


def say_moment(instant: datetime, zone: ZoneInfo) -> str:
    """An instant in `zone`: '11:00 AM on Saturday, November 28, 2026'."""
    local = instant.astimezone(zone)
    return f"{say_time(local.time())} on {say_day(local.date())}"


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant (in UTC) that is `at` o'clock on `day` in `zone`, refusing a time the clocks skip or repeat.

    UTC, because Python compares and subtracts two datetimes of one zone by wall clock, not by elapsed time.
    """
    naive = datetime.combine(day, at.replace(tzinfo=None))
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first.astimezone(UTC)
    when = f"{say_time(at)} on {say_day(day)}"
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise LocalTimeError(
            f"{when} does not exist in {zone.key}: the clocks spring forward that night; pick another time."
        )
    raise LocalTimeError(
        f"{when} happens twice in {zone.key}: the clocks fall back that night; pick another time."
    )


def parse_date(text: str) -> date:
    """A date as people type it: 2026-12-03, 12/3/2026, 12/3/26, Dec 3, 2026, 3 December 2026.

    Slashed dates are month first, as in the US.
    """
    cleaned = text.strip().lower().replace(",", " ")
    cleaned = re.sub(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+", "", cleaned)
    parts: tuple[int, int, int] | None = None
    if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", cleaned):
        parts = int(match[1]), int(match[2]), int(match[3])
    elif match := re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})", cleaned):
        parts = _year(match[3]), int(match[1]), int(match[2])
    elif match := re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\d{4})", cleaned):
        month = _month(match[1])
        parts = (int(match[3]), month, int(match[2])) if month else None
    elif match := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", cleaned):
        month = _month(match[2])
        parts = (int(match[3]), month, int(match[1])) if month else None
    if parts is not None:
        try:
            return date(*parts)
        except ValueError:
            pass
    raise LocalTimeError(f"'{text.strip()}' is not a date; write it like 2026-12-03 or 12/3/2026.")


def parse_time(text: str) -> time:
    """A time of day as people type it: 12:00, 13:30, 12:00 PM, 1pm, 1:30 p.m., noon."""
    cleaned = text.strip().lower().replace(".", "").replace(" ", "")
    if cleaned in ("noon", "12noon"):
        return time(12)
    hour = minute = second = -1
    if match := re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?([ap])m?", cleaned):
        hour, minute, second = int(match[1]), int(match[2] or 0), int(match[3] or 0)
        hour = hour % 12 + (12 if match[4] == "p" else 0) if 1 <= hour <= 12 else -1
    elif match := re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", cleaned):
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if 0 <= hour < 24 and 0 <= minute < 60 and 0 <= second < 60:
        return time(hour, minute, second)
    raise LocalTimeError(f"'{text.strip()}' is not a time; write it like 12:00, 12:00 PM or 1pm.")


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _month(name: str) -> int | None:
    for index, month in enumerate(_MONTHS, start=1):
        if len(name) >= 3 and month.lower().startswith(name):
            return index
    return None


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
