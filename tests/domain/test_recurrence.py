"""Recurrence rules for a regularly scheduled series (DOMAIN.md, "RSS": weekly, monthly, quarterly sessions)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cme_desktop.domain.localtime import LocalTimeError
from cme_desktop.domain.recurrence import LAST, MAX_DATES, Recurrence, RecurrenceError, nth_weekday

NEW_YORK = ZoneInfo("America/New_York")
WED, THU = 2, 3


def test_weekly_grand_rounds_for_a_year_gives_every_wednesday() -> None:
    rule = Recurrence.weekly(date(2026, 1, 7), date(2026, 12, 30), time(12), 60, [WED])
    dates = rule.dates()
    assert len(dates) == 52
    assert dates[0] == date(2026, 1, 7) and dates[-1] == date(2026, 12, 30)
    assert all(d.weekday() == WED for d in dates)
    assert all(b - a == timedelta(weeks=1) for a, b in itertools.pairwise(dates))


def test_every_two_weeks_counts_from_the_first_dates_week() -> None:
    # The first date is a Thursday; the Tuesday of that week is before it and not included.
    rule = Recurrence.weekly(date(2026, 1, 8), date(2026, 2, 28), time(7), 60, [1, THU], every_weeks=2)
    assert rule.dates() == [
        date(2026, 1, 8),
        date(2026, 1, 20),
        date(2026, 1, 22),
        date(2026, 2, 3),
        date(2026, 2, 5),
        date(2026, 2, 17),
        date(2026, 2, 19),
    ]


def test_skipped_dates_are_left_out_and_unused_skips_are_pointed_out() -> None:
    christmas_eve, new_years_eve, a_thursday = date(2026, 12, 23), date(2026, 12, 30), date(2026, 12, 24)
    rule = Recurrence.weekly(
        date(2026, 12, 2),
        date(2027, 1, 13),
        time(12),
        60,
        [WED],
        skip_dates=[christmas_eve, new_years_eve, a_thursday],
    )
    dates = rule.dates()
    assert christmas_eve not in dates and new_years_eve not in dates
    assert dates == [
        date(2026, 12, 2),
        date(2026, 12, 9),
        date(2026, 12, 16),
        date(2027, 1, 6),
        date(2027, 1, 13),
    ]
    assert rule.unused_skips() == [a_thursday]


def test_second_tuesday_and_last_friday_of_each_month() -> None:
    second_tuesday = Recurrence.monthly(date(2026, 1, 1), date(2026, 4, 30), time(17), 90, 2, 1)
    assert second_tuesday.dates() == [
        date(2026, 1, 13),
        date(2026, 2, 10),
        date(2026, 3, 10),
        date(2026, 4, 14),
    ]
    last_friday = Recurrence.monthly(date(2026, 1, 1), date(2026, 4, 30), time(8), 60, LAST, 4)
    assert last_friday.dates() == [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27), date(2026, 4, 24)]


def test_a_fifth_weekday_is_passed_over_in_months_without_one() -> None:
    fifth_thursday = Recurrence.monthly(date(2026, 1, 1), date(2026, 6, 30), time(12), 60, 5, THU)
    assert fifth_thursday.dates() == [date(2026, 1, 29), date(2026, 4, 30)]
    assert nth_weekday(2026, 2, THU, 5) is None


def test_monthly_dates_respect_first_and_last_date_inside_a_month() -> None:
    rule = Recurrence.monthly(date(2026, 1, 14), date(2026, 3, 9), time(12), 60, 2, 1)
    assert rule.dates() == [date(2026, 2, 10)]


def test_a_rule_with_no_dates_is_refused_with_a_sentence() -> None:
    # A Monday-only series inside one Tuesday-to-Sunday stretch.
    rule = Recurrence.weekly(date(2026, 12, 1), date(2026, 12, 6), time(12), 60, [0])
    with pytest.raises(RecurrenceError, match="gives no session dates"):
        rule.dates()


def test_skipping_every_date_is_refused() -> None:
    rule = Recurrence.weekly(
        date(2026, 12, 2), date(2026, 12, 2), time(12), 60, [WED], skip_dates=[date(2026, 12, 2)]
    )
    with pytest.raises(RecurrenceError, match="skipped"):
        rule.dates()


def test_more_than_400_dates_is_refused_but_400_is_allowed() -> None:
    first = date(2026, 1, 1)
    assert (
        len(Recurrence.weekly(first, first + timedelta(days=MAX_DATES - 1), time(7), 30, range(7)).dates())
        == 400
    )
    with pytest.raises(RecurrenceError, match="at most 400"):
        Recurrence.weekly(first, first + timedelta(days=MAX_DATES), time(7), 30, range(7)).dates()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"last_date": date(2025, 12, 31)}, "before the first"),
        ({"weekdays": frozenset()}, "at least one weekday"),
        ({"weekdays": frozenset({7})}, "0 \\(Monday\\) to 6"),
        ({"every_weeks": 0}, "every 1 to 52 weeks"),
        ({"week_of_month": 6}, "first to fifth"),
        ({"duration": timedelta(0)}, "more than 0 minutes"),
        ({"duration": timedelta(hours=24)}, "less than 24 hours"),
    ],
)
def test_impossible_settings_are_refused(kwargs: dict[str, object], message: str) -> None:
    settings: dict[str, object] = {
        "first_date": date(2026, 1, 1),
        "last_date": date(2026, 12, 31),
        "start_time": time(12),
        "duration": timedelta(hours=1),
        "weekdays": frozenset({WED}),
        **kwargs,
    }
    with pytest.raises(RecurrenceError, match=message):
        Recurrence(**settings)  # type: ignore[arg-type]


def test_a_7am_series_stays_at_7am_local_across_both_daylight_saving_changes() -> None:
    # 2026 in New York: clocks spring forward on Sunday 8 March and fall back on Sunday 1 November.
    rule = Recurrence.weekly(date(2026, 3, 1), date(2026, 11, 8), time(7), 60, [6])
    sessions = rule.occurrences(NEW_YORK)
    assert {s.starts_at.astimezone(NEW_YORK).time() for s in sessions} == {time(7)}
    assert {s.ends_at.astimezone(NEW_YORK).time() for s in sessions} == {time(8)}
    by_day = {s.day: s for s in sessions}
    assert by_day[date(2026, 3, 1)].starts_at.astimezone(UTC).hour == 12  # EST, UTC-5
    assert (
        by_day[date(2026, 3, 8)].starts_at.astimezone(UTC).hour == 11
    )  # EDT, UTC-4, same morning as the change
    assert by_day[date(2026, 11, 1)].starts_at.astimezone(UTC).hour == 12  # EST again
    assert all(s.ends_at - s.starts_at == timedelta(hours=1) for s in sessions)


def test_a_session_running_through_the_autumn_change_lasts_its_real_duration() -> None:
    rule = Recurrence.weekly(date(2026, 10, 31), date(2026, 10, 31), time(23), 240, [5])
    (session,) = rule.occurrences(NEW_YORK)
    assert session.ends_at - session.starts_at == timedelta(hours=4)
    # Four real hours from 11 PM EDT end at 2 AM EST: the clocks went back an hour in between.
    assert session.ends_at.astimezone(NEW_YORK).time() == time(2)


def test_a_start_time_the_clocks_skip_is_refused_naming_the_date() -> None:
    rule = Recurrence.weekly(date(2026, 3, 1), date(2026, 3, 15), time(2, 30), 60, [6])
    with pytest.raises(LocalTimeError, match="2:30 AM on Sunday, March 8, 2026 does not exist"):
        rule.occurrences(NEW_YORK)


def test_a_start_time_the_clocks_repeat_is_refused_naming_the_date() -> None:
    rule = Recurrence.weekly(date(2026, 10, 25), date(2026, 11, 8), time(1, 30), 60, [6])
    with pytest.raises(LocalTimeError, match="1:30 AM on Sunday, November 1, 2026 happens twice"):
        rule.occurrences(NEW_YORK)


def test_describe_says_the_rule_in_words() -> None:
    assert Recurrence.weekly(date(2026, 1, 1), date(2026, 2, 1), time(12), 60, [WED]).describe() == (
        "Every week on Wednesday at 12:00 PM"
    )
    assert Recurrence.monthly(date(2026, 1, 1), date(2026, 2, 1), time(7, 30), 60, LAST, 4).describe() == (
        "The last Friday of each month at 7:30 AM"
    )


ZONES = st.sampled_from(
    ["America/New_York", "America/Los_Angeles", "Europe/London", "Australia/Sydney", "UTC"]
)


@given(
    first=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)),
    span=st.integers(min_value=0, max_value=400),
    weekdays=st.frozensets(st.integers(0, 6), min_size=1),
    every=st.integers(1, 4),
    start=st.times(),
    minutes=st.integers(15, 600),
    skip_offsets=st.frozensets(st.integers(0, 400), max_size=10),
    zone=ZONES,
)
def test_weekly_sessions_keep_their_rule(
    first: date,
    span: int,
    weekdays: frozenset[int],
    every: int,
    start: time,
    minutes: int,
    skip_offsets: frozenset[int],
    zone: str,
) -> None:
    last = first + timedelta(days=span)
    skips = {first + timedelta(days=n) for n in skip_offsets}
    rule = Recurrence.weekly(first, last, start.replace(microsecond=0), minutes, weekdays, every, skips)
    try:
        sessions = rule.occurrences(ZoneInfo(zone))
    except (RecurrenceError, LocalTimeError):
        assume(False)
        return
    days = [s.day for s in sessions]
    assert days == sorted(set(days))
    assert 1 <= len(days) <= MAX_DATES
    monday = first - timedelta(days=first.weekday())
    for s in sessions:
        assert first <= s.day <= last and s.day not in skips
        assert s.day.weekday() in weekdays and ((s.day - monday).days // 7) % every == 0
        local = s.starts_at.astimezone(ZoneInfo(zone))
        assert (local.date(), local.time()) == (s.day, start.replace(microsecond=0))
        assert s.ends_at - s.starts_at == timedelta(minutes=minutes)
    # Nothing the rule allows is missing: every qualifying day in range is either a session or skipped.
    qualifying = [
        first + timedelta(days=n)
        for n in range(span + 1)
        if (first + timedelta(days=n)).weekday() in weekdays
        and ((first + timedelta(days=n) - monday).days // 7) % every == 0
    ]
    assert [d for d in qualifying if d not in skips] == days


@given(
    year=st.integers(2020, 2035),
    month=st.integers(1, 12),
    weekday=st.integers(0, 6),
    ordinal=st.sampled_from([1, 2, 3, 4, 5, LAST]),
)
def test_nth_weekday_is_that_weekday_in_that_position(
    year: int, month: int, weekday: int, ordinal: int
) -> None:
    day = nth_weekday(year, month, weekday, ordinal)
    if day is None:
        assert ordinal == 5
        return
    assert (day.year, day.month, day.weekday()) == (year, month, weekday)
    if ordinal == LAST:
        assert (day + timedelta(days=7)).month != month
    else:
        assert (day.day - 1) // 7 + 1 == ordinal
