"""Recurrence rules for a regularly scheduled series (DOMAIN.md, "RSS"): the dates they give and the sessions'
start and end instants.

A rule is weekly (every N weeks on chosen weekdays) or monthly (the Nth or last chosen weekday of each month),
between a first and a last date, minus dates to skip. Sessions keep their local start time across daylight-saving
changes: a weekly 7:00 series stays at 7:00.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cme_desktop.domain.localtime import local_instant, say_day, say_time
from cme_desktop.errors import InputError

MAX_DATES = 400
LAST = -1
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", LAST: "last"}


class RecurrenceError(InputError):
    """A recurrence that cannot be used; the message is one sentence for a coordinator."""


@dataclass(frozen=True)
class Occurrence:
    """One session a rule gives: its local date and its start and end instants.

    The instants are in UTC: Python subtracts two datetimes of the same zone by wall clock, which would make a
    session across a daylight-saving change an hour too long or short.
    """

    day: date
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Recurrence:
    """When a series meets. Weekdays are numbered as `date.weekday()` does: Monday 0 ... Sunday 6.

    With `week_of_month` set (1-5, or LAST) the rule is monthly: that weekday of each month; months without a
    fifth one are passed over. Otherwise it is weekly, every `every_weeks` weeks counted from the week (Monday to
    Sunday) of the first date.
    """

    first_date: date
    last_date: date
    start_time: time
    duration: timedelta
    weekdays: frozenset[int]
    every_weeks: int = 1
    week_of_month: int | None = None
    skip_dates: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def weekly(
        cls,
        first_date: date,
        last_date: date,
        start_time: time,
        minutes: int,
        weekdays: Iterable[int],
        every_weeks: int = 1,
        skip_dates: Iterable[date] = (),
    ) -> Recurrence:
        return cls(
            first_date,
            last_date,
            start_time,
            timedelta(minutes=minutes),
            frozenset(weekdays),
            every_weeks=every_weeks,
            skip_dates=frozenset(skip_dates),
        )

    @classmethod
    def monthly(
        cls,
        first_date: date,
        last_date: date,
        start_time: time,
        minutes: int,
        week_of_month: int,
        weekday: int,
        skip_dates: Iterable[date] = (),
    ) -> Recurrence:
        return cls(
            first_date,
            last_date,
            start_time,
            timedelta(minutes=minutes),
            frozenset({weekday}),
            week_of_month=week_of_month,
            skip_dates=frozenset(skip_dates),
        )

    def __post_init__(self) -> None:
        if self.last_date < self.first_date:
            raise RecurrenceError(
                f"The last date ({say_day(self.last_date)}) is before the first ({say_day(self.first_date)})."
            )
        if not self.weekdays:
            raise RecurrenceError("Choose at least one weekday for the series.")
        if not all(isinstance(day, int) and 0 <= day <= 6 for day in self.weekdays):
            raise RecurrenceError("Weekdays are numbered 0 (Monday) to 6 (Sunday).")
        if not 1 <= self.every_weeks <= 52:
            raise RecurrenceError("A series repeats every 1 to 52 weeks.")
        if self.week_of_month is not None and self.week_of_month not in _ORDINALS:
            raise RecurrenceError(
                "A monthly series meets on the first to fifth, or the last, weekday of a month."
            )
        if not timedelta(0) < self.duration < timedelta(days=1):
            raise RecurrenceError("A session lasts more than 0 minutes and less than 24 hours.")

    def describe(self) -> str:
        """The rule in words: 'Every week on Wednesday at 12:00 PM'."""
        days = " and ".join(WEEKDAY_NAMES[day] for day in sorted(self.weekdays))
        if self.week_of_month is not None:
            return f"The {_ORDINALS[self.week_of_month]} {days} of each month at {say_time(self.start_time)}"
        every = "Every week" if self.every_weeks == 1 else f"Every {self.every_weeks} weeks"
        return f"{every} on {days} at {say_time(self.start_time)}"

    def dates(self) -> list[date]:
        """The session dates, oldest first; refuses a rule that gives none or more than MAX_DATES."""
        found: list[date] = []
        candidates = 0
        for day in self._candidates():
            candidates += 1
            if day not in self.skip_dates:
                found.append(day)
                if len(found) > MAX_DATES:
                    raise RecurrenceError(
                        f"These settings give more than {MAX_DATES} sessions; a series may have at most "
                        f"{MAX_DATES}, so shorten the date range."
                    )
        if not found:
            between = f"between {say_day(self.first_date)} and {say_day(self.last_date)}"
            if candidates:
                raise RecurrenceError(
                    f"Every session date {between} is skipped, so there is nothing to create."
                )
            raise RecurrenceError(f"{self.describe()} gives no session dates {between}.")
        return found

    def unused_skips(self) -> list[date]:
        """Skip dates that are not session dates anyway: probably a typo worth showing."""
        candidates = set(self._candidates())
        return sorted(day for day in self.skip_dates if day not in candidates)

    def occurrences(self, zone: ZoneInfo) -> list[Occurrence]:
        """Each date's session in `zone`: starting at the same local time every time, lasting `duration`.

        A start time the clocks skip or repeat on one of the dates is refused with that date named.
        """
        result = []
        for day in self.dates():
            starts_at = local_instant(day, self.start_time, zone)
            result.append(Occurrence(day, starts_at, starts_at + self.duration))
        return result

    def _candidates(self) -> Iterator[date]:
        if self.week_of_month is None:
            yield from self._weekly()
        else:
            yield from self._monthly(self.week_of_month)

    def _weekly(self) -> Iterator[date]:
        monday = self.first_date - timedelta(days=self.first_date.weekday())
        day = self.first_date
        while day <= self.last_date:
            if day.weekday() in self.weekdays and ((day - monday).days // 7) % self.every_weeks == 0:
                yield day
            day += timedelta(days=1)

    def _monthly(self, ordinal: int) -> Iterator[date]:
        year, month = self.first_date.year, self.first_date.month
        while date(year, month, 1) <= self.last_date:
            for weekday in sorted(self.weekdays):
                day = nth_weekday(year, month, weekday, ordinal)
                if day is not None and self.first_date <= day <= self.last_date:
                    yield day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date | None:
    """The `ordinal`-th `weekday` of a month (LAST for the last one), or None when the month has no such day."""
    days_in_month = calendar.monthrange(year, month)[1]
    if ordinal == LAST:
        last = date(year, month, days_in_month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = 1 + (weekday - first.weekday()) % 7 + 7 * (ordinal - 1)
    return date(year, month, day) if day <= days_in_month else None
