"""Building a regularly scheduled series from a recurrence (DOMAIN.md, "RSS": weekly 1-hour series = 52 credits)."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from cme_desktop.domain.localtime import LocalTimeError
from cme_desktop.domain.recurrence import Recurrence, RecurrenceError
from cme_desktop.services import audit
from cme_desktop.services.activities.records import ActivityError, get_activity
from cme_desktop.services.activities.series import (
    SessionDetails,
    create_sessions_from_recurrence,
    preview_recurrence,
)
from cme_desktop.services.activities.session_plan import SessionInput
from cme_desktop.services.activities.sessions import add_session
from cme_desktop.services.context import Context
from tests.services.activity_factory import grand_rounds

NEW_YORK = ZoneInfo("America/New_York")
WEDNESDAY = 2
# Every Wednesday of 2027 at noon: 52 dates across both daylight-saving changes (14 March and 7 November 2027).
YEAR_OF_ROUNDS = Recurrence.weekly(date(2027, 1, 6), date(2027, 12, 29), time(12), 60, [WEDNESDAY])


def test_preview_shows_the_year_and_writes_nothing(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    preview = preview_recurrence(ctx, rounds.id, YEAR_OF_ROUNDS, SessionDetails(room="Storm Eye Auditorium"))
    assert preview.ok and preview.rule == "Every week on Wednesday at 12:00 PM"
    assert len(preview.sessions) == 52 and preview.total_quarters == 52 * 4
    assert preview.sessions[0].day == date(2027, 1, 6) and preview.sessions[-1].day == date(2027, 12, 29)
    assert {s.room for s in preview.sessions} == {"Storm Eye Auditorium"}
    assert get_activity(ctx, rounds.id).sessions == ()


def test_creating_a_year_of_weekly_rounds_gives_each_session_its_code_and_window(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    created = create_sessions_from_recurrence(
        ctx, rounds.id, YEAR_OF_ROUNDS, SessionDetails(speakers="Faculty TBA")
    )
    assert len(created) == 52
    assert [s.id for s in get_activity(ctx, rounds.id).sessions] == [s.id for s in created]
    # Noon stays noon in New York on both sides of each daylight-saving change.
    assert {(s.local_start().time(), s.local_end().time()) for s in created} == {(time(12), time(13))}
    assert {s.starts_at.astimezone(NEW_YORK).utcoffset() for s in created} == {
        timedelta(hours=-5),
        timedelta(hours=-4),
    }
    assert {s.credit_quarters for s in created} == {4}
    codes = [s.attendance_code for s in created]
    assert len(set(codes)) == 52 and all(c is not None and len(c) == 7 and c.isdigit() for c in codes)
    for s in created:
        assert s.code_opens_at == s.starts_at - timedelta(minutes=30)
        assert s.code_closes_at == s.ends_at + timedelta(days=7)
    entries = audit.history(ctx, "session")
    assert len(entries) == 52 and {e.action for e in entries} == {"session.create"}
    assert entries[0].after is not None and entries[0].after["via"] == "recurrence"


def test_credits_of_the_series_may_not_exceed_the_designation(ctx: Context) -> None:
    rounds = grand_rounds(ctx, credits="26")
    preview = preview_recurrence(ctx, rounds.id, YEAR_OF_ROUNDS)
    assert not preview.ok
    assert "52 credits in all, more than the 26 AMA PRA Category 1 Credit™ designated" in preview.problems[0]
    with pytest.raises(ActivityError, match="more than the 26"):
        create_sessions_from_recurrence(ctx, rounds.id, YEAR_OF_ROUNDS)
    assert get_activity(ctx, rounds.id).sessions == ()
    half_hour_credit = create_sessions_from_recurrence(
        ctx, rounds.id, YEAR_OF_ROUNDS, SessionDetails(credits="0.5")
    )
    assert sum(s.credit_quarters for s in half_hour_credit) == 26 * 4


def test_session_credits_may_not_exceed_the_duration(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    with pytest.raises(ValueError, match=re.escape("1.5 credits is more than a 60-minute session earns")):
        preview_recurrence(ctx, rounds.id, YEAR_OF_ROUNDS, SessionDetails(credits="1.5"))


def test_a_series_overlapping_an_existing_session_is_refused_whole(ctx: Context) -> None:
    rounds = grand_rounds(ctx, credits="53")
    add_session(
        ctx,
        rounds.id,
        SessionInput(date(2027, 3, 17), time(12, 30), time(13, 30), topic="Visiting professor"),
    )
    preview = preview_recurrence(ctx, rounds.id, YEAR_OF_ROUNDS)
    assert preview.problems == (
        "A new session, at 12:00 PM on Wednesday, March 17, 2027, overlaps the session at 12:30 PM on Wednesday, "
        "March 17, 2027; sessions of one activity may not overlap.",
    )
    with pytest.raises(ActivityError, match="overlaps"):
        create_sessions_from_recurrence(ctx, rounds.id, YEAR_OF_ROUNDS)
    assert len(get_activity(ctx, rounds.id).sessions) == 1
    skipping = Recurrence.weekly(
        date(2027, 1, 6), date(2027, 12, 29), time(12), 60, [WEDNESDAY], skip_dates=[date(2027, 3, 17)]
    )
    assert len(create_sessions_from_recurrence(ctx, rounds.id, skipping)) == 51


def test_a_series_longer_than_a_year_is_refused(ctx: Context) -> None:
    rounds = grand_rounds(ctx, credits="60")
    too_long = Recurrence.weekly(date(2027, 1, 6), date(2028, 1, 12), time(12), 60, [WEDNESDAY])
    with pytest.raises(ActivityError, match="one activity per year"):
        create_sessions_from_recurrence(ctx, rounds.id, too_long)


def test_rules_with_no_dates_or_a_skipped_local_time_are_refused(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    nothing = Recurrence.weekly(date(2027, 1, 4), date(2027, 1, 5), time(12), 60, [WEDNESDAY])
    with pytest.raises(RecurrenceError, match="gives no session dates"):
        preview_recurrence(ctx, rounds.id, nothing)
    early_sundays = Recurrence.weekly(date(2027, 3, 7), date(2027, 3, 21), time(2, 30), 60, [6])
    with pytest.raises(LocalTimeError, match="2:30 AM on Sunday, March 14, 2027 does not exist"):
        create_sessions_from_recurrence(ctx, rounds.id, early_sundays)
    assert get_activity(ctx, rounds.id).sessions == ()
