"""Local times on daylight-saving changes, and the dates and times coordinators type into forms and CSV files."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from cme_desktop.domain.localtime import LocalTimeError, local_instant, parse_date, parse_time, say_moment

NEW_YORK = ZoneInfo("America/New_York")


def test_noon_in_winter_and_summer_is_noon_local() -> None:
    assert local_instant(date(2026, 1, 14), time(12), NEW_YORK) == datetime(2026, 1, 14, 17, tzinfo=UTC)
    assert local_instant(date(2026, 7, 15), time(12), NEW_YORK) == datetime(2026, 7, 15, 16, tzinfo=UTC)


def test_a_time_skipped_in_spring_is_refused() -> None:
    with pytest.raises(
        LocalTimeError, match="2:15 AM on Sunday, March 8, 2026 does not exist in America/New_York"
    ):
        local_instant(date(2026, 3, 8), time(2, 15), NEW_YORK)


def test_a_time_repeated_in_autumn_is_refused() -> None:
    with pytest.raises(LocalTimeError, match="1:00 AM on Sunday, November 1, 2026 happens twice"):
        local_instant(date(2026, 11, 1), time(1), NEW_YORK)


def test_times_next_to_the_changes_are_fine() -> None:
    assert local_instant(date(2026, 3, 8), time(3), NEW_YORK) == datetime(2026, 3, 8, 7, tzinfo=UTC)
    assert local_instant(date(2026, 11, 1), time(2), NEW_YORK) == datetime(2026, 11, 1, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-03",
        "2026/12/3",
        "12/3/2026",
        "12/03/2026",
        "12/3/26",
        "12-3-2026",
        "Dec 3, 2026",
        "December 3 2026",
        "3 Dec 2026",
        "Thursday, December 3, 2026",
        "dec. 3rd 2026",
        " 12/3/2026 ",
    ],
)
def test_common_date_formats_are_understood(text: str) -> None:
    assert parse_date(text) == date(2026, 12, 3)


@pytest.mark.parametrize("text", ["", "tomorrow", "13/3/2026", "2026-02-30", "3/12", "Decembre 3 2026"])
def test_other_dates_are_refused_with_an_example(text: str) -> None:
    with pytest.raises(LocalTimeError, match="is not a date; write it like 2026-12-03 or 12/3/2026"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12:00", time(12)),
        ("12:00 PM", time(12)),
        ("12:00pm", time(12)),
        ("12 noon", time(12)),
        ("noon", time(12)),
        ("12:00 AM", time(0)),
        ("1pm", time(13)),
        ("1 PM", time(13)),
        ("1:30 p.m.", time(13, 30)),
        ("7:05a", time(7, 5)),
        ("13:45", time(13, 45)),
        ("07:00", time(7)),
        ("12:00:00 PM", time(12)),
    ],
)
def test_common_time_formats_are_understood(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["", "13pm", "25:00", "12:60", "1", "lunch", "0pm"])
def test_other_times_are_refused_with_an_example(text: str) -> None:
    with pytest.raises(LocalTimeError, match="is not a time; write it like 12:00, 12:00 PM or 1pm"):
        parse_time(text)


def test_say_moment_reads_like_a_sentence() -> None:
    assert (
        say_moment(datetime(2026, 11, 28, 16, tzinfo=UTC), NEW_YORK)
        == "11:00 AM on Saturday, November 28, 2026"
    )
