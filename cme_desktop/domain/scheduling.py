"""Rules for a session's times and credits and for the sessions of one activity together.

DOMAIN.md, "Credit": credit follows the time of participation (60 minutes = 1 credit, in 0.25 steps) and is
designated in advance, so the sessions of an activity never carry more than its designation. DOMAIN.md, "RSS": a
series is reported as one activity per year, so its sessions span at most 12 months.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from cme_desktop.domain.credits import format_credits, quarters_for_duration, quarters_from_credits
from cme_desktop.domain.localtime import say_day, say_moment, say_time
from cme_desktop.domain.vocabulary import CreditType
from cme_desktop.errors import InputError


class ScheduleError(InputError):
    """A session's times or credits that cannot be used; the message is one sentence for a coordinator."""


@dataclass(frozen=True)
class Slot:
    """A span of time some session occupies; `label` names it in messages ('the session on line 4', 'the session at ...')."""

    starts_at: datetime
    ends_at: datetime
    label: str

    def overlaps(self, other: Slot) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


def check_times(starts_at: datetime, ends_at: datetime, zone: ZoneInfo) -> None:
    """A session must end after it starts."""
    if ends_at <= starts_at:
        start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
        raise ScheduleError(
            f"A session must end after it starts; this one is set to start at {say_time(start.time())} and end "
            f"at {say_time(end.time())} on {say_day(start.date())}."
        )


EARLIEST_YEAR = 1990  # no session of an office using CME Desk is older
YEARS_AHEAD = 10  # nor planned further ahead


def check_day(day: date, today: date | None = None) -> None:
    """A session date a coordinator could mean: from 1990 to ten years from today (a typo like 9999 or 2062 gets
    a sentence, not an error deep in date arithmetic)."""
    latest = date(min(today.year + YEARS_AHEAD, 9000), 12, 31) if today else date(2200, 12, 31)
    if not date(EARLIEST_YEAR, 1, 1) <= day <= latest:
        raise ScheduleError(
            f"{say_day(day)} is not a date a session can have: sessions are dated from {EARLIEST_YEAR} to "
            f"{latest.year}."
        )


def check_breaks(starts_at: datetime, ends_at: datetime, break_minutes: int | None) -> int:
    """The session's breaks and meals in minutes: 0 or more, and shorter than the session itself."""
    minutes = int(break_minutes or 0)
    length = int((ends_at - starts_at).total_seconds() // 60)
    if minutes < 0:
        raise ScheduleError("Breaks cannot be negative minutes.")
    if minutes >= length:
        raise ScheduleError(
            f"The breaks ({minutes} minutes) would take the whole {length}-minute session; instruction time is "
            "what earns credit."
        )
    return minutes


def session_quarters(
    duration: timedelta, credits: Decimal | str | float | None = None, break_minutes: int = 0
) -> int:
    """The session's credit in quarters: from its instruction time (the duration less breaks and meals) when
    `credits` is None, else `credits`, which may not exceed what that time earns (DOMAIN.md, "Credit": 60 minutes
    = 1 credit, rounded to the nearest quarter hour; breaks and meals are excluded)."""
    instruction = duration - timedelta(minutes=break_minutes)
    earned = quarters_for_duration(instruction)
    if credits is None or (isinstance(credits, str) and not credits.strip()):
        return earned
    quarters = quarters_from_credits(credits)
    if quarters > earned:
        minutes = int(duration.total_seconds() // 60)
        what = (
            f"{int(instruction.total_seconds() // 60)} minutes of instruction earn"
            if break_minutes
            else f"a {minutes}-minute session earns"
        )
        raise ScheduleError(
            f"{format_credits(quarters)} credits is more than {what} (at most {format_credits(earned)})."
        )
    return quarters


def overlap_problems(new: Sequence[Slot], existing: Sequence[Slot], zone: ZoneInfo) -> list[tuple[int, str]]:
    """Each new slot that overlaps an existing one or an earlier new one: (index in `new`, sentence)."""
    problems: list[tuple[int, str]] = []
    for index, slot in enumerate(new):
        clash = next((other for other in existing if slot.overlaps(other)), None)
        if clash is None:
            clash = next((other for other in new[:index] if slot.overlaps(other)), None)
        if clash is not None:
            problems.append(
                (
                    index,
                    f"{slot.label[:1].upper()}{slot.label[1:]}, at {say_moment(slot.starts_at, zone)}, overlaps "
                    f"{clash.label}; sessions of "
                    "one activity may not overlap.",
                )
            )
    return problems


def designation_problem(
    session_quarters: Sequence[int], designations: Mapping[str, int], per_session: Collection[str] = ()
) -> str | None:
    """Why the sessions' credits exceed a designation of the activity, or None. A designation is for the whole
    activity (the sessions together), or, for the credit types in `per_session`, for each session."""
    for credit_type, allowed in sorted(designations.items(), key=lambda item: item[1]):
        label = credit_label(credit_type)
        if credit_type in per_session:
            over = [q for q in session_quarters if q > allowed]
            if over:
                return (
                    f"A session would carry {format_credits(max(over))} credits, more than the "
                    f"{format_credits(allowed)} {label} designated per session; lower the session's credits."
                )
            continue
        total = sum(session_quarters)
        if total > allowed:
            return (
                f"The sessions would carry {format_credits(total)} credits in all, more than the "
                f"{format_credits(allowed)} {label} designated for this activity; lower the session credits "
                "(a designation can be raised only before the first session starts)."
            )
    return None


def credit_label(credit_type: str) -> str:
    try:
        return CreditType(credit_type).label
    except ValueError:
        return credit_type


def rss_span_problem(first: date, last: date) -> str | None:
    """Why sessions from `first` to `last` cannot be one regularly scheduled series, or None."""
    try:
        limit = first.replace(year=first.year + 1)
    except ValueError:  # 29 February
        limit = date(first.year + 1, 3, 1)
    if last < limit:
        return None
    return (
        f"A regularly scheduled series is reported as one activity per year, but these sessions run from "
        f"{say_day(first)} to {say_day(last)}; make a new activity for the sessions after "
        f"{say_day(limit - timedelta(days=1))}."
    )
