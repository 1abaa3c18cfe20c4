"""The one rule book for attendance: every channel (text, kiosk, import, manual, portal) records claims here.

A claim needs a session whose code window is open (DOMAIN.md, "Attendance": valid 7 days after the activity), a
known person, and no earlier claim for the same session (answered "already recorded", never a second row: the
unique (session, person) constraint decides, so two claims racing in end as one). The credit type follows the
person's profession and the activity's designations; the amount is the session's credits. Coordinators may add a
claim outside the window, or by hand at any time, with a reason. Every change goes to the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from cme_desktop.domain.credits import credit_type_for, format_credits
from cme_desktop.domain.localtime import say_day, say_moment
from cme_desktop.domain.vocabulary import ClaimChannel, SessionStatus
from cme_desktop.services import audit
from cme_desktop.services.certificates import mark_revoked_for_claim
from cme_desktop.services.context import Context
from cme_desktop.store.activities import Activity, ActivitySession, CreditDesignation, IssuedCode
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import Person, PersonAlias

# Channels a coordinator drives: they may add a claim outside the code window when they give a reason.
COORDINATOR_CHANNELS = frozenset({ClaimChannel.MANUAL, ClaimChannel.IMPORT})
# A claim this long after the session ended is within the window but worth a coordinator's look.
LATE_AFTER = timedelta(hours=24)


class ClaimOutcome(StrEnum):
    RECORDED = "recorded"
    ALREADY_RECORDED = "already_recorded"
    REINSTATED = "reinstated"


class Refusal(StrEnum):
    UNKNOWN_CODE = "unknown_code"
    REPLACED_CODE = "replaced_code"
    NOT_OPEN_YET = "not_open_yet"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    UNKNOWN_SESSION = "unknown_session"
    UNKNOWN_PERSON = "unknown_person"
    WITHDRAWN = "withdrawn"
    REASON_NEEDED = "reason_needed"
    BAD_CREDITS = "bad_credits"


class ClaimRefused(ValueError):
    """A claim the rules do not allow; the message is one sentence for the learner or coordinator."""

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class ClaimRow:
    id: int
    session_id: int
    person_id: int
    person_name: str
    degree: str | None
    profession: str
    channel: str
    credit_type: str
    credit_quarters: int
    claimed_at: datetime
    recorded_by: str
    evidence: Mapping[str, Any]
    revoked_at: datetime | None
    revoked_reason: str | None
    flags: tuple[str, ...] = ()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class ClaimResult:
    outcome: ClaimOutcome
    claim: ClaimRow
    activity_title: str
    session_starts_at: datetime
    session_timezone: str

    def confirmation(self) -> str:
        """'Medicine Grand Rounds on Saturday, November 28, 2026: 1 credit (AMA PRA Category 1 Credit™).'"""
        from cme_desktop.domain.vocabulary import CreditType

        day = say_day(self.session_starts_at.astimezone(ZoneInfo(self.session_timezone)).date())
        quarters = self.claim.credit_quarters
        amount = f"{format_credits(quarters)} credit{'' if quarters == 4 else 's'}"
        return f"{self.activity_title} on {day}: {amount} ({CreditType(self.claim.credit_type).label})"


@dataclass(frozen=True)
class ClaimRequest:
    """What a channel knows about a claim. Either `code` (learners) or `session_id` (coordinators) names the session."""

    person_id: int
    channel: ClaimChannel
    code: str | None = None
    session_id: int | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None
    credit_quarters: int | None = None


def record_claim(ctx: Context, request: ClaimRequest) -> ClaimResult:
    """Record one claim by the rules above, in its own transaction."""
    with ctx.db.transaction() as session:
        return record_in(ctx, session, request)


def record_in(ctx: Context, session: Session, request: ClaimRequest) -> ClaimResult:
    """The rule book inside the caller's transaction (texting and imports record with their own log rows)."""
    now = ctx.clock()
    coordinator = request.channel in COORDINATOR_CHANNELS
    reason = (request.reason or "").strip() or None
    row, activity = _find_session(session, request)
    if row.status == SessionStatus.CANCELLED:
        raise ClaimRefused(
            Refusal.CANCELLED, f"The session of {activity.title} on {_day(row)} was cancelled."
        )
    if request.channel == ClaimChannel.MANUAL and reason is None:
        raise ClaimRefused(Refusal.REASON_NEEDED, "Give a reason for adding this attendance by hand.")
    _check_window(row, activity, now, allow_outside=coordinator and reason is not None)
    person = _person(session, request.person_id)
    designated = set(
        session.scalars(
            select(CreditDesignation.credit_type).where(CreditDesignation.activity_id == activity.id)
        )
    )
    quarters = _quarters(row, request.credit_quarters if coordinator else None)
    evidence = dict(request.evidence)
    if request.channel == ClaimChannel.KIOSK:
        evidence.setdefault("machine", ctx.actor.machine)
    if coordinator:
        evidence.setdefault("entered_by", ctx.actor.os_user)
        evidence.setdefault("machine", ctx.actor.machine)
    if reason is not None:
        evidence["reason"] = reason
    values = {
        "session_id": row.id,
        "person_id": person.id,
        "channel": str(request.channel),
        "credit_type": str(credit_type_for(person.profession, designated)),
        "credit_quarters": quarters,
        "claimed_at": now,
        "recorded_by": ctx.actor.os_user,
        "evidence": evidence,
    }
    claim_id = _insert_once(session, values)
    if claim_id is not None:
        # The row as inserted, without reading it back: the burst of texts at the end of a session is the hot path.
        claim = AttendanceClaim(id=claim_id, revoked_at=None, revoked_reason=None, **values)
        audit.record(ctx, session, "attendance.claim", "attendance_claim", claim_id, None, snapshot(claim))
        return _result(ClaimOutcome.RECORDED, claim, person, row, activity)
    existing = session.scalars(
        select(AttendanceClaim).where(
            AttendanceClaim.session_id == row.id, AttendanceClaim.person_id == person.id
        )
    ).one()
    if existing.revoked_at is None:
        return _result(ClaimOutcome.ALREADY_RECORDED, existing, person, row, activity)
    if not coordinator:
        raise ClaimRefused(
            Refusal.WITHDRAWN,
            f"Your attendance at {activity.title} on {_day(row)} was withdrawn by the CME office; "
            "contact them if this is a mistake.",
        )
    before = snapshot(existing)
    existing.revoked_at = None
    existing.revoked_reason = None
    existing.evidence = {**existing.evidence, "reinstated": {**evidence, "at": now.isoformat()}}
    audit.record(
        ctx, session, "attendance.reinstate", "attendance_claim", existing.id, before, snapshot(existing)
    )
    return _result(ClaimOutcome.REINSTATED, existing, person, row, activity)


def revoke_claim(ctx: Context, claim_id: int, reason: str) -> ClaimRow:
    """Withdraw a claim; it stays visible as revoked, with the reason, and in the audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Give a reason for revoking this attendance.")
    with ctx.db.transaction() as session:
        claim = session.get(AttendanceClaim, claim_id)
        if claim is None:
            raise ValueError("This claim no longer exists; reload the attendance list.")
        if claim.revoked_at is not None:
            raise ValueError("This claim was already revoked.")
        before = snapshot(claim)
        claim.revoked_at = ctx.clock()
        claim.revoked_reason = reason[:300]
        after = snapshot(claim)
        certificate = mark_revoked_for_claim(session, claim.id, claim.revoked_at)
        if certificate is not None:
            after["certificate_revoked"] = certificate
        audit.record(ctx, session, "attendance.revoke", "attendance_claim", claim.id, before, after)
        row = session.get(ActivitySession, claim.session_id)
        assert row is not None
        return claim_row(claim, claim.person, row)


def snapshot(claim: AttendanceClaim) -> dict[str, Any]:
    return {
        "session_id": claim.session_id,
        "person_id": claim.person_id,
        "channel": claim.channel,
        "credit_type": claim.credit_type,
        "credit_quarters": claim.credit_quarters,
        "claimed_at": claim.claimed_at.isoformat() if claim.claimed_at else None,
        "evidence": dict(claim.evidence or {}),
        "revoked_at": claim.revoked_at.isoformat() if claim.revoked_at else None,
        "revoked_reason": claim.revoked_reason,
    }


def find_session_for_code(session: Session, code: str) -> tuple[ActivitySession, Activity]:
    """The session a code belongs to, with its activity; a replaced or unknown code is refused with a sentence."""
    found = session.execute(
        select(ActivitySession, Activity)
        .join(Activity, Activity.id == ActivitySession.activity_id)
        .where(ActivitySession.attendance_code == code)
    ).first()
    if found is not None:
        return found[0], found[1]
    if session.get(IssuedCode, code) is not None:
        raise ClaimRefused(
            Refusal.REPLACED_CODE,
            f"The code {code} was replaced by a new one; use the code shown in the room.",
        )
    raise ClaimRefused(
        Refusal.UNKNOWN_CODE, f"{code} is not an activity code; check the code shown in the room."
    )


def _find_session(session: Session, request: ClaimRequest) -> tuple[ActivitySession, Activity]:
    if request.session_id is not None:
        row = session.get(ActivitySession, request.session_id)
        if row is None:
            raise ClaimRefused(Refusal.UNKNOWN_SESSION, f"There is no session number {request.session_id}.")
        activity = session.get(Activity, row.activity_id)
        assert activity is not None
        return row, activity
    if not request.code:
        raise ClaimRefused(Refusal.UNKNOWN_CODE, "Enter the activity code shown in the room.")
    return find_session_for_code(session, request.code.strip())


def _check_window(row: ActivitySession, activity: Activity, now: datetime, allow_outside: bool) -> None:
    """DOMAIN.md, "Attendance": the code opens shortly before the session and stays valid 7 days after it."""
    if allow_outside or row.code_opens_at is None or row.code_closes_at is None:
        return
    zone = ZoneInfo(row.timezone)
    if now < row.code_opens_at:
        raise ClaimRefused(
            Refusal.NOT_OPEN_YET,
            f"The code for {activity.title} opens at {say_moment(row.code_opens_at, zone)}.",
        )
    if now > row.code_closes_at:
        closed = say_day(row.code_closes_at.astimezone(zone).date())
        raise ClaimRefused(
            Refusal.CLOSED,
            f"The code for {activity.title} on {_day(row)} closed on {closed}; "
            "ask the CME office to add your attendance.",
        )


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        alias = session.get(PersonAlias, person_id)
        person = session.get(Person, alias.person_id) if alias is not None else None
    if person is None:
        raise ClaimRefused(
            Refusal.UNKNOWN_PERSON, "That profile no longer exists; search for the person again."
        )
    return person


def _quarters(row: ActivitySession, asked: int | None) -> int:
    if asked is None:
        return row.credit_quarters
    if not 0 < asked <= row.credit_quarters:
        raise ClaimRefused(
            Refusal.BAD_CREDITS,
            f"Credits for this session are more than 0 and at most {format_credits(row.credit_quarters)}.",
        )
    return asked


def _insert_once(session: Session, values: dict[str, Any]) -> int | None:
    """Insert the claim unless one exists for the same session and person; the new id, or None."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(AttendanceClaim)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["session_id", "person_id"])
        .returning(AttendanceClaim.id)
    )
    return session.execute(statement).scalar()


def _day(row: ActivitySession) -> str:
    return say_day(row.starts_at.astimezone(ZoneInfo(row.timezone)).date())


def review_flags(claim: AttendanceClaim, row: ActivitySession) -> tuple[str, ...]:
    """What a coordinator should look at: claims added after the window, late, partial or reinstated."""
    flags: list[str] = []
    evidence = claim.evidence or {}
    if row.code_closes_at is not None and claim.claimed_at > row.code_closes_at:
        flags.append("added after the code closed")
    elif claim.claimed_at > row.ends_at + LATE_AFTER:
        flags.append("claimed more than a day after the session")
    if row.code_opens_at is not None and claim.claimed_at < row.code_opens_at:
        flags.append("added before the code opened")
    if claim.credit_quarters < row.credit_quarters:
        flags.append("partial credit")
    if "reinstated" in evidence:
        flags.append("reinstated")
    return tuple(flags)


def claim_row(claim: AttendanceClaim, person: Person, row: ActivitySession) -> ClaimRow:
    name = f"{person.first_name} {person.last_name}"
    return ClaimRow(
        id=claim.id,
        session_id=claim.session_id,
        person_id=person.id,
        person_name=f"{name}, {person.degree}" if person.degree else name,
        degree=person.degree,
        profession=person.profession,
        channel=claim.channel,
        credit_type=claim.credit_type,
        credit_quarters=claim.credit_quarters,
        claimed_at=claim.claimed_at,
        recorded_by=claim.recorded_by,
        evidence=dict(claim.evidence or {}),
        revoked_at=claim.revoked_at,
        revoked_reason=claim.revoked_reason,
        flags=review_flags(claim, row),
    )


def _result(
    outcome: ClaimOutcome, claim: AttendanceClaim, person: Person, row: ActivitySession, activity: Activity
) -> ClaimResult:
    return ClaimResult(outcome, claim_row(claim, person, row), activity.title, row.starts_at, row.timezone)


def count_claims(session: Session, session_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(AttendanceClaim)
            .where(AttendanceClaim.session_id == session_id, AttendanceClaim.revoked_at.is_(None))
        )
        or 0
    )
