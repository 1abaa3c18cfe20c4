"""Adding, editing, cancelling sessions and replacing a leaked attendance code (DOMAIN.md, "Attendance")."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from cme_desktop.domain.localtime import LocalTimeError
from cme_desktop.domain.scheduling import ScheduleError
from cme_desktop.services import audit
from cme_desktop.services.activities.records import ActivityError, get_activity
from cme_desktop.services.activities.session_plan import SessionHasClaims, SessionInput
from cme_desktop.services.activities.sessions import (
    add_session,
    cancel_session,
    edit_session,
    get_session,
    replace_code,
    restore_session,
)
from cme_desktop.services.context import Actor, Context
from cme_desktop.services.editing import StaleEditError
from cme_desktop.store.activities import IssuedCode
from tests.services.activity_factory import add_claims, grand_rounds

DEC_2 = date(2026, 12, 2)
NOON = SessionInput(
    DEC_2, time(12), time(13), topic="Sepsis Bundles", speakers="Samuel Okoye, MD", room="Auditorium"
)


def test_a_new_session_gets_credits_from_its_duration_and_a_code(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    # DOMAIN.md, "Credit": 50 minutes is 0.83 hours, nearest quarter 0.75.
    added = add_session(ctx, rounds.id, SessionInput(DEC_2, time(12), time(12, 50), topic="M&M"))
    assert added.credit_quarters == 3
    assert added.starts_at == datetime(2026, 12, 2, 17, tzinfo=UTC) and added.timezone == "America/New_York"
    assert added.attendance_code is not None and len(added.attendance_code) == 7
    assert added.code_opens_at == datetime(2026, 12, 2, 16, 30, tzinfo=UTC)
    assert added.code_closes_at == datetime(2026, 12, 9, 17, 50, tzinfo=UTC)
    (entry,) = audit.history(ctx, "session", added.id)
    assert entry.action == "session.create" and entry.after is not None and entry.after["via"] == "manual"


def test_a_session_can_be_held_in_another_zone(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    added = add_session(
        ctx, rounds.id, SessionInput(DEC_2, time(9), time(10), timezone="America/Los_Angeles")
    )
    assert added.starts_at == datetime(2026, 12, 2, 17, tzinfo=UTC)
    with pytest.raises(ActivityError, match="'Mars/Olympus' is not a time zone name"):
        add_session(ctx, rounds.id, SessionInput(DEC_2, time(9), time(10), timezone="Mars/Olympus"))


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (SessionInput(DEC_2, time(13), time(12)), ScheduleError, "must end after it starts"),
        (
            SessionInput(DEC_2, time(12), time(13), credits="1.25"),
            ScheduleError,
            "more than a 60-minute session earns",
        ),
        (
            SessionInput(date(2026, 3, 8), time(2, 30), time(3, 30)),
            LocalTimeError,
            "does not exist in America/New_York",
        ),
        (
            SessionInput(date(2026, 11, 1), time(1, 30), time(3)),
            LocalTimeError,
            "happens twice in America/New_York",
        ),
    ],
)
def test_impossible_sessions_are_refused(
    ctx: Context, data: SessionInput, error: type[Exception], message: str
) -> None:
    rounds = grand_rounds(ctx)
    with pytest.raises(error, match=message):
        add_session(ctx, rounds.id, data)
    assert get_activity(ctx, rounds.id).sessions == ()


def test_sessions_of_one_activity_may_not_overlap_but_may_touch(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    add_session(ctx, rounds.id, NOON)
    with pytest.raises(
        ActivityError, match="overlaps the session at 12:00 PM on Wednesday, December 2, 2026"
    ):
        add_session(ctx, rounds.id, SessionInput(DEC_2, time(12, 45), time(13, 45)))
    add_session(ctx, rounds.id, SessionInput(DEC_2, time(13), time(14)))
    other = grand_rounds(ctx, title="Surgery Grand Rounds")
    add_session(ctx, other.id, NOON)  # another activity may meet at the same time


def test_a_session_may_not_push_the_activity_over_its_designation(ctx: Context) -> None:
    rounds = grand_rounds(ctx, credits="1.5")
    add_session(ctx, rounds.id, NOON)
    with pytest.raises(ActivityError, match=re.escape("2 credits in all, more than the 1.5")):
        add_session(ctx, rounds.id, SessionInput(date(2026, 12, 9), time(12), time(13)))
    assert (
        add_session(
            ctx, rounds.id, SessionInput(date(2026, 12, 9), time(12), time(13), credits="0.5")
        ).credit_quarters
        == 2
    )


def test_editing_a_session_saves_its_fields_and_moves_its_window(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    added = add_session(ctx, rounds.id, NOON)
    later = SessionInput(
        DEC_2, time(12, 30), time(13, 30), topic="Sepsis Bundles: What Still Matters", room="Room 110"
    )
    edited = edit_session(ctx, added.id, later, added.version)
    assert (edited.topic, edited.room, edited.speakers) == (
        "Sepsis Bundles: What Still Matters",
        "Room 110",
        None,
    )
    assert edited.attendance_code == added.attendance_code
    assert edited.code_opens_at == datetime(2026, 12, 2, 17, tzinfo=UTC)
    assert edited.code_closes_at == datetime(2026, 12, 9, 18, 30, tzinfo=UTC)
    entry = audit.history(ctx, "session", added.id)[0]
    assert entry.action == "session.update" and entry.before is not None
    assert (
        entry.before["room"] == "Auditorium" and entry.after is not None and entry.after["room"] == "Room 110"
    )


def test_editing_times_under_claims_needs_confirmation(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    held = add_session(ctx, rounds.id, SessionInput(date(2026, 11, 25), time(12), time(13)))
    add_claims(ctx, held.id, 3, ctx.clock())
    moved = SessionInput(date(2026, 11, 25), time(12, 15), time(13, 15))
    with pytest.raises(SessionHasClaims) as caught:
        edit_session(ctx, held.id, moved, held.version)
    warning = caught.value
    assert warning.claim_count == 3
    assert "3 learners have already claimed this session" in str(warning)
    assert (
        "its code window will open at 11:45 AM on Wednesday, November 25, 2026 and close at 1:15 PM on Wednesday, "
        "December 2, 2026" in str(warning)
    )
    unchanged = get_session(ctx, held.id)
    assert (unchanged.starts_at, unchanged.code_opens_at, unchanged.version) == (
        held.starts_at,
        held.code_opens_at,
        held.version,
    )
    # Text-only edits need no confirmation.
    retitled = edit_session(
        ctx, held.id, SessionInput(date(2026, 11, 25), time(12), time(13), topic="Delirium"), held.version
    )
    confirmed = edit_session(ctx, held.id, moved, retitled.version, confirm_claims=True)
    assert confirmed.code_opens_at == warning.code_opens_at == datetime(2026, 11, 25, 16, 45, tzinfo=UTC)
    assert confirmed.claim_count == 3
    assert audit.history(ctx, "session", held.id)[0].after["claims_at_the_time"] == 3  # type: ignore[index]


def test_a_stale_session_edit_is_refused(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    added = add_session(ctx, rounds.id, NOON)
    colleague = Context(ctx.db, clock=ctx.clock, actor=Actor("jordan", "front-desk"))
    edit_session(
        colleague, added.id, SessionInput(DEC_2, time(12), time(13), topic="Changed by Jordan"), added.version
    )
    with pytest.raises(
        StaleEditError, match="changed by jordan at 11:00 AM on Saturday, November 28, 2026: reload"
    ):
        edit_session(ctx, added.id, SessionInput(DEC_2, time(12), time(13), topic="Mine"), added.version)
    assert get_session(ctx, added.id).topic == "Changed by Jordan"


def test_replacing_a_leaked_code_retires_the_old_one_and_is_audited(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    added = add_session(ctx, rounds.id, NOON)
    replaced = replace_code(ctx, added.id, "Posted on a group chat.")
    assert replaced.attendance_code not in (None, added.attendance_code)
    assert (replaced.code_opens_at, replaced.code_closes_at) == (added.code_opens_at, added.code_closes_at)
    with ctx.db.transaction() as session:
        old = session.get(IssuedCode, added.attendance_code)
        assert (
            old is not None
            and old.retired_at == ctx.clock()
            and old.retired_reason == "Posted on a group chat."
        )
        new = session.get(IssuedCode, replaced.attendance_code)
        assert new is not None and new.retired_at is None and new.session_id == added.id
    entry = audit.history(ctx, "session", added.id)[0]
    assert (entry.action, entry.before, entry.after) == (
        "session.code_replaced",
        {"attendance_code": added.attendance_code},
        {"attendance_code": replaced.attendance_code, "reason": "Posted on a group chat."},
    )


def test_codes_are_never_reused_across_replacements(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    added = add_session(ctx, rounds.id, NOON)
    for _ in range(5):
        replace_code(ctx, added.id)
    with ctx.db.transaction() as session:
        issued = list(session.scalars(select(IssuedCode).where(IssuedCode.session_id == added.id)))
    assert len({c.code for c in issued}) == 6
    assert [c.code for c in issued if c.retired_at is None] == [get_session(ctx, added.id).attendance_code]


def test_cancelling_stops_the_code_and_frees_the_time(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    added = add_session(ctx, rounds.id, NOON)
    cancelled = cancel_session(ctx, added.id, added.version, "Speaker ill")
    assert (cancelled.status, cancelled.attendance_code, cancelled.code_opens_at) == ("cancelled", None, None)
    with ctx.db.transaction() as session:
        old = session.get(IssuedCode, added.attendance_code)
        assert old is not None and old.retired_reason == "The session was cancelled."
    with pytest.raises(ActivityError, match="no attendance code to replace"):
        replace_code(ctx, added.id)
    replacement = add_session(ctx, rounds.id, NOON)
    with pytest.raises(ActivityError, match="overlaps"):
        restore_session(ctx, added.id, cancelled.version)
    cancel_session(ctx, replacement.id, replacement.version)
    restored = restore_session(ctx, added.id, cancelled.version)
    assert restored.status == "scheduled" and restored.attendance_code not in (None, added.attendance_code)
    assert [e.action for e in audit.history(ctx, "session", added.id)][:2] == [
        "session.restore",
        "session.cancel",
    ]


def test_a_session_with_claims_cannot_be_cancelled(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    held = add_session(ctx, rounds.id, SessionInput(date(2026, 11, 25), time(12), time(13)))
    add_claims(ctx, held.id, 1, ctx.clock())
    with pytest.raises(ActivityError, match="1 learners have claimed"):
        cancel_session(ctx, held.id, held.version)


def test_times_show_in_the_sessions_own_zone(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    added = add_session(ctx, rounds.id, NOON)
    assert added.local_start() == datetime(2026, 12, 2, 12, tzinfo=ZoneInfo("America/New_York"))
    assert added.ends_at - added.starts_at == timedelta(hours=1)


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(1752, 9, 14), date(2099, 1, 1)])
def test_a_date_no_session_can_have_is_a_sentence_not_a_crash(ctx: Context, day: date) -> None:
    """Issue 19: December 31, 9999 crashed with OverflowError; 1752 and 2099 were taken silently."""
    from cme_desktop.domain.scheduling import ScheduleError
    from tests.services.activity_factory import grand_rounds

    activity = grand_rounds(ctx)
    with pytest.raises(
        ScheduleError, match="is not a date a session can have: sessions are dated from 1990 to 2036"
    ):
        add_session(ctx, activity.id, SessionInput(day, time(12), time(13)))
