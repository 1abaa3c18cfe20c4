"""Session times and credits (DOMAIN.md, "Credit": 60 minutes = 1 credit in 0.25 steps, designated in advance;
"RSS": one activity per series per year)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cme_desktop.domain.scheduling import (
    ScheduleError,
    Slot,
    check_times,
    designation_problem,
    overlap_problems,
    rss_span_problem,
    session_quarters,
)

NEW_YORK = ZoneInfo("America/New_York")
NOON = datetime(2026, 12, 3, 17, tzinfo=UTC)


def test_end_before_start_is_refused_in_local_words() -> None:
    with pytest.raises(
        ScheduleError, match="start at 12:00 PM and end at 11:00 AM on Thursday, December 3, 2026"
    ):
        check_times(NOON, NOON - timedelta(hours=1), NEW_YORK)
    with pytest.raises(ScheduleError, match="must end after it starts"):
        check_times(NOON, NOON, NEW_YORK)


@pytest.mark.parametrize(
    ("minutes", "quarters"), [(60, 4), (50, 3), (52, 3), (53, 4), (45, 3), (7, 0), (8, 1), (90, 6)]
)
def test_credits_default_from_the_duration_to_the_nearest_quarter(minutes: int, quarters: int) -> None:
    assert session_quarters(timedelta(minutes=minutes)) == quarters


def test_credits_may_be_lower_than_the_duration_earns_but_not_higher() -> None:
    hour = timedelta(hours=1)
    assert session_quarters(hour, "0.75") == 3
    assert session_quarters(hour, "0") == 0
    assert session_quarters(hour, "") == 4
    with pytest.raises(
        ScheduleError, match=re.escape("1.25 credits is more than a 60-minute session earns (at most 1)")
    ):
        session_quarters(hour, "1.25")
    with pytest.raises(ValueError, match=re.escape("steps of 0.25")):
        session_quarters(hour, "0.3")
    with pytest.raises(ValueError, match="'one' is not a credit amount"):
        session_quarters(hour, "one")


def test_overlaps_are_found_against_existing_sessions_and_each_other() -> None:
    hour = timedelta(hours=1)
    existing = [Slot(NOON, NOON + hour, "the session of December 3")]
    new = [
        Slot(NOON + hour, NOON + 2 * hour, "Row 2"),  # touches the end of the existing one: fine
        Slot(NOON + timedelta(minutes=30), NOON + 2 * hour, "Row 3"),
        Slot(NOON + 90 * timedelta(minutes=1), NOON + 3 * hour, "Row 4"),
        Slot(NOON + 5 * hour, NOON + 6 * hour, "Row 5"),
    ]
    problems = overlap_problems(new, existing, NEW_YORK)
    assert [index for index, _ in problems] == [1, 2]
    assert problems[0][1] == (
        "Row 3, at 12:30 PM on Thursday, December 3, 2026, overlaps the session of December 3; "
        "sessions of one activity may not overlap."
    )
    assert "overlaps Row 2" in problems[1][1]


def test_sessions_together_may_not_exceed_the_smallest_designation() -> None:
    assert designation_problem([4] * 52, {"ama_pra_1": 208, "nursing": 210}) is None
    assert designation_problem([500], {}) is None
    problem = designation_problem([4] * 53, {"ama_pra_1": 208, "nursing": 210})
    assert problem is not None
    assert "53 credits in all, more than the 52 AMA PRA Category 1 Credit™ designated" in problem


def test_a_designation_per_session_bounds_each_session_not_their_sum() -> None:
    """A series designated "1 credit per session" may hold 52 one-credit sessions, but none of 1.5 credits."""
    assert designation_problem([4] * 52, {"ama_pra_1": 4}, per_session={"ama_pra_1"}) is None
    problem = designation_problem([4, 6], {"ama_pra_1": 4}, per_session={"ama_pra_1"})
    assert (
        problem is not None
        and "1.5 credits, more than the 1 AMA PRA Category 1 Credit™ designated per session" in problem
    )


def test_a_series_spans_at_most_twelve_months() -> None:
    assert rss_span_problem(date(2026, 1, 7), date(2027, 1, 6)) is None
    problem = rss_span_problem(date(2026, 1, 7), date(2027, 1, 7))
    assert problem is not None and "one activity per year" in problem
    assert "after Wednesday, January 6, 2027" in problem
    assert rss_span_problem(date(2028, 2, 29), date(2029, 2, 28)) is None
    assert rss_span_problem(date(2028, 2, 29), date(2029, 3, 1)) is not None
