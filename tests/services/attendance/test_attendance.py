"""The one rule book for attendance (DOMAIN.md, "Attendance"), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from cme_desktop.domain.vocabulary import ClaimChannel, CreditType
from cme_desktop.services import audit
from cme_desktop.services.attendance.claims import (
    ClaimOutcome,
    ClaimRefused,
    ClaimRequest,
    Refusal,
    record_claim,
    revoke_claim,
)
from cme_desktop.services.attendance.queries import attendance_csv, attendance_stamp, session_attendance
from cme_desktop.services.context import Context
from cme_desktop.store.attendance import AttendanceClaim
from tests.services.attendance_factory import Setting, build


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def _claims(ctx: Context) -> int:
    with ctx.db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(AttendanceClaim)) or 0)


def test_a_code_in_its_window_records_the_sessions_credits_with_evidence(
    ctx: Context, setting: Setting
) -> None:
    result = record_claim(
        ctx,
        ClaimRequest(
            setting.physician, ClaimChannel.TEXT, code=setting.now_code, evidence={"message_sid": "SM1"}
        ),
    )
    assert result.outcome == ClaimOutcome.RECORDED
    assert result.claim.credit_quarters == 4
    assert result.claim.channel == "text"
    assert result.claim.evidence == {"message_sid": "SM1"}
    assert result.claim.claimed_at == ctx.clock()
    assert "Medicine Grand Rounds on Saturday, November 28, 2026: 1 credit" in result.confirmation()
    entries = audit.history(ctx, "attendance_claim", result.claim.id)
    assert [e.action for e in entries] == ["attendance.claim"]


def test_a_second_claim_is_already_recorded_never_a_second_row(ctx: Context, setting: Setting) -> None:
    first = record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.TEXT, code=setting.now_code))
    again = record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.KIOSK, code=setting.now_code))
    assert again.outcome == ClaimOutcome.ALREADY_RECORDED
    assert again.claim.id == first.claim.id
    assert again.claim.channel == "text"
    assert _claims(ctx) == 1


@pytest.mark.parametrize(
    ("person", "credit"),
    [
        ("physician", CreditType.AMA_PRA_1),
        ("nurse", CreditType.NURSING),
        ("pharmacist", CreditType.PARTICIPATION),
    ],
)
def test_credit_type_follows_profession_and_designations(
    ctx: Context, setting: Setting, person: str, credit: str
) -> None:
    # DOMAIN.md, "Words": physicians claim AMA PRA Category 1; others participation or their profession's credit.
    result = record_claim(
        ctx, ClaimRequest(getattr(setting, person), ClaimChannel.KIOSK, code=setting.now_code)
    )
    assert result.claim.credit_type == credit


def test_a_closed_code_is_refused_with_the_date_it_closed(ctx: Context, setting: Setting) -> None:
    # DOMAIN.md, "Attendance": the code stays valid for 7 days after the activity. This session was 10 days ago.
    with pytest.raises(ClaimRefused) as refused:
        record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.TEXT, code=setting.past_code))
    assert refused.value.reason == Refusal.CLOSED
    assert "closed on Wednesday, November 25, 2026" in str(refused.value)
    assert _claims(ctx) == 0


def test_a_code_before_its_window_is_refused_with_when_it_opens(ctx: Context, setting: Setting) -> None:
    with pytest.raises(ClaimRefused) as refused:
        record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.KIOSK, code=setting.future_code))
    assert refused.value.reason == Refusal.NOT_OPEN_YET
    assert "opens at 10:30 AM on Sunday, November 29, 2026" in str(refused.value)


def test_unknown_and_replaced_codes_say_which(ctx: Context, setting: Setting) -> None:
    with pytest.raises(ClaimRefused) as unknown:
        record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.TEXT, code="1000000"))
    assert unknown.value.reason == Refusal.UNKNOWN_CODE
    assert "1000000 is not an activity code" in str(unknown.value)


def test_a_coordinator_adds_a_late_claim_by_hand_with_a_reason_and_it_is_flagged(
    ctx: Context, setting: Setting
) -> None:
    with pytest.raises(ClaimRefused) as no_reason:
        record_claim(ctx, ClaimRequest(setting.nurse, ClaimChannel.MANUAL, session_id=setting.past_session))
    assert no_reason.value.reason == Refusal.REASON_NEEDED
    result = record_claim(
        ctx,
        ClaimRequest(
            setting.nurse,
            ClaimChannel.MANUAL,
            session_id=setting.past_session,
            reason="Signed the paper sheet",
        ),
    )
    assert result.outcome == ClaimOutcome.RECORDED
    assert result.claim.evidence["reason"] == "Signed the paper sheet"
    assert result.claim.evidence["entered_by"] == "coordinator"
    assert result.claim.flags == ("added after the code closed",)


def test_revoke_keeps_the_claim_visible_and_a_learner_cannot_claim_it_back(
    ctx: Context, setting: Setting
) -> None:
    claim = record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.TEXT, code=setting.now_code)).claim
    with pytest.raises(ValueError, match="reason"):
        revoke_claim(ctx, claim.id, "  ")
    revoked = revoke_claim(ctx, claim.id, "Was not in the room")
    assert revoked.revoked and revoked.revoked_reason == "Was not in the room"
    with pytest.raises(ClaimRefused) as refused:
        record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.TEXT, code=setting.now_code))
    assert refused.value.reason == Refusal.WITHDRAWN
    attendance = session_attendance(ctx, setting.now_session)
    assert [c.revoked for c in attendance.claims] == [True]
    assert attendance.active == ()
    back = record_claim(
        ctx,
        ClaimRequest(
            setting.physician, ClaimChannel.MANUAL, session_id=setting.now_session, reason="Was there"
        ),
    )
    assert back.outcome == ClaimOutcome.REINSTATED
    assert [e.action for e in audit.history(ctx, "attendance_claim", claim.id)] == [
        "attendance.reinstate",
        "attendance.revoke",
        "attendance.claim",
    ]
    assert _claims(ctx) == 1


def test_the_attendance_list_counts_by_profession_and_channel(ctx: Context, setting: Setting) -> None:
    before = attendance_stamp(ctx, setting.now_session)
    record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.TEXT, code=setting.now_code))
    record_claim(ctx, ClaimRequest(setting.nurse, ClaimChannel.KIOSK, code=setting.now_code))
    record_claim(
        ctx,
        ClaimRequest(
            setting.pharmacist, ClaimChannel.IMPORT, session_id=setting.now_session, credit_quarters=2
        ),
    )
    assert attendance_stamp(ctx, setting.now_session) != before
    attendance = session_attendance(ctx, setting.now_session)
    assert attendance.session.claim_count == 3
    assert attendance.by_profession == {"physician": 1, "nurse": 1, "pharmacist": 1}
    assert attendance.by_channel == {"text": 1, "kiosk": 1, "import": 1}
    assert [c.flags for c in attendance.to_review] == [("partial credit",)]
    rows = list(csv.DictReader(io.StringIO(attendance_csv(attendance, "America/New_York"))))
    pharmacist = next(r for r in rows if r["person"] == "Ann Lee, PharmD")
    assert pharmacist["claimed_at"] == "2026-11-28T11:00:00-05:00"
    assert (pharmacist["credit_type"], pharmacist["credits"], pharmacist["status"]) == (
        "participation",
        "0.5",
        "partial credit",
    )


def test_a_learner_channel_cannot_choose_its_credits(ctx: Context, setting: Setting) -> None:
    result = record_claim(
        ctx, ClaimRequest(setting.physician, ClaimChannel.TEXT, code=setting.now_code, credit_quarters=1)
    )
    assert result.claim.credit_quarters == 4


def test_more_credits_than_the_session_has_are_refused(ctx: Context, setting: Setting) -> None:
    with pytest.raises(ClaimRefused, match="at most 1"):
        record_claim(
            ctx,
            ClaimRequest(
                setting.physician, ClaimChannel.IMPORT, session_id=setting.now_session, credit_quarters=5
            ),
        )
