"""How dates, times and credits read on screen, in the office's zone: one style everywhere.

A day reads "Sun Nov 1, 2026" (or "Nov 1, 2026" where the weekday says nothing, as in "valid until"), a time
"1:00 PM"; date and time fields show the same. Files keep their own formats (ISO dates in CSV, ACCME's in PARS);
a preview of a file shows its cells in this style, with the file's value in the tooltip.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

DATE_EDIT_FORMAT = "ddd MMM d, yyyy"  # QDateEdit.setDisplayFormat: "Sun Nov 1, 2026"
TIME_EDIT_FORMAT = "h:mm AP"  # QTimeEdit.setDisplayFormat: "1:00 PM"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLOCK = re.compile(r"^\d{2}:\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")


def date_text(day: date) -> str:
    """'Nov 1, 2026'."""
    return f"{day:%b} {day.day}, {day.year}"


def day_text(day: date) -> str:
    """'Sun Nov 1, 2026'."""
    return f"{day:%a %b} {day.day}, {day.year}"


def clock_text(moment: time) -> str:
    """'1:00 PM'."""
    return moment.strftime("%I:%M %p").lstrip("0")


def file_cell_text(cell: str) -> str:
    """A file's cell as the screen shows it: an ISO day or a 24-hour time in the app's style, the rest as is."""
    if _ISO_DAY.match(cell):
        try:
            return day_text(date.fromisoformat(cell))
        except ValueError:
            return cell
    if _CLOCK.match(cell):
        try:
            return clock_text(time.fromisoformat(cell))
        except ValueError:
            return cell
    if _ISO_MOMENT.match(cell):  # the wall-clock time the file states, in the file's own offset
        try:
            moment = datetime.fromisoformat(cell)
        except ValueError:
            return cell
        return f"{day_text(moment.date())}, {clock_text(moment.time())}"
    return cell


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
