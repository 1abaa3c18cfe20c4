"""The one rule book for attendance: every channel (text, kiosk, import, manual, portal) records claims here.

A claim needs a session whose code window is open (DOMAIN.md, "Attendance": valid 7 days after the activity), a
known person, and no earlier claim for the same session (answered "already recorded", never a second row: the
unique (session, person) constraint decides, so two claims racing in end as one). The credit type follows the
person's profession and the activity's designations; the amount is the session's credits. Coordinators may add a
claim outside the window, or by hand at any time, with a reason. Every change goes to the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Insert, Table, and_, bindparam, or_, select, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from cme_desktop.domain.credits import credit_type_for, format_credits
from cme_desktop.domain.localtime import say_day, say_moment
from cme_desktop.domain.vocabulary import ClaimChannel, SessionStatus
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.attendance.rows import ClaimRow, Who, claim_row, session_day
from cme_desktop.services.certificates.issuing import mark_restored_for_claim, mark_revoked_for_claim
from cme_desktop.services.context import Context
from cme_desktop.store.activities import Activity, ActivitySession, CreditDesignation, IssuedCode
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.locking import hold_write_lock
from cme_desktop.store.people import Person, PersonAlias

# Channels a coordinator drives: they may add a claim outside the code window when they give a reason.
COORDINATOR_CHANNELS = frozenset({ClaimChannel.MANUAL, ClaimChannel.IMPORT})


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


class ClaimRefused(InputError):
    """A claim the rules do not allow; the message is one sentence for the learner or coordinator."""

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason


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
    """The rule book inside the caller's transaction (texting and imports record with their own log rows).

    This is the hot path of a burst of texts at the end of a session, so it reads and writes through prepared
    Core statements (one query for the session with its activity and designations, one for the person, one insert
    that lets the unique constraint decide) rather than loading ORM objects.
    """
    session.flush()  # a caller's pending rows (the kiosk's new profile) must be visible to the queries below
    # The person cannot be merged away (deleted) between being read and the claim's insert: on SQLite the
    # transaction holds the write lock from here; on PostgreSQL the session query below reads the person FOR KEY
    # SHARE, waiting for a merge in progress, after which the person is gone and the claim goes to the profile
    # that absorbed them (store/locking.py).
    hold_write_lock(session)
    connection = session.connection()
    now = ctx.clock()
    coordinator = request.channel in COORDINATOR_CHANNELS
    reason = (request.reason or "").strip() or None
    facts, person = _find_session(connection, request)
    if facts.status == SessionStatus.CANCELLED:
        raise ClaimRefused(
            Refusal.CANCELLED, f"The session of {facts.title} on {session_day(facts)} was cancelled."
        )
    if request.channel == ClaimChannel.MANUAL and reason is None:
        raise ClaimRefused(Refusal.REASON_NEEDED, "Give a reason for adding this attendance by hand.")
    _check_window(facts, now, allow_outside=coordinator and reason is not None)
    if person is None:
        person = _merged_into(connection, request.person_id)
    quarters = _quarters(facts, request.credit_quarters if coordinator else None)
    evidence = dict(request.evidence)
    if request.channel == ClaimChannel.KIOSK:
        evidence.setdefault("machine", ctx.actor.machine)
    if coordinator:
        evidence.setdefault("entered_by", ctx.actor.os_user)
        evidence.setdefault("machine", ctx.actor.machine)
    if reason is not None:
        evidence["reason"] = reason
    values = {
        "session_id": facts.id,
        "person_id": person.id,
        "channel": str(request.channel),
        "credit_type": str(credit_type_for(person.profession, facts.designations)),
        "credit_quarters": quarters,
        "claimed_at": now,
        "recorded_by": ctx.actor.os_user,
        "evidence": evidence,
    }
    claim_id = connection.execute(_insert_once_statement(connection.dialect.name), values).scalar()
    if claim_id is not None:
        claim = AttendanceClaim(id=claim_id, revoked_at=None, revoked_reason=None, **values)
        audit.record(ctx, session, "attendance.claim", "attendance_claim", claim_id, None, snapshot(claim))
        return _result(ClaimOutcome.RECORDED, claim, person, facts)
    existing = session.scalars(
        select(AttendanceClaim).where(
            AttendanceClaim.session_id == facts.id, AttendanceClaim.person_id == person.id
        )
    ).one()
    if existing.revoked_at is None:
        return _result(ClaimOutcome.ALREADY_RECORDED, existing, person, facts)
    if not coordinator:
        raise ClaimRefused(
            Refusal.WITHDRAWN,
            f"Your attendance at {facts.title} on {session_day(facts)} was withdrawn by the CME office; "
            "contact them if this is a mistake.",
        )
    before = snapshot(existing)
    existing.revoked_at = None
    existing.revoked_reason = None
    existing.evidence = {**existing.evidence, "reinstated": {**evidence, "at": now.isoformat()}}
    after = snapshot(existing)
    restored = mark_restored_for_claim(session, existing.id)
    if restored is not None:
        after["certificate_restored"] = restored
    session.flush()
    audit.record(ctx, session, "attendance.reinstate", "attendance_claim", existing.id, before, after)
    return _result(ClaimOutcome.REINSTATED, existing, person, facts)


def revoke_claim(ctx: Context, claim_id: int, reason: str) -> ClaimRow:
    """Withdraw a claim; it stays visible as revoked, with the reason, and in the audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise InputError("Give a reason for revoking this attendance.")
    with ctx.db.transaction() as session:
        claim = session.get(AttendanceClaim, claim_id)
        if claim is None:
            raise InputError("This claim no longer exists; reload the attendance list.")
        if claim.revoked_at is not None:
            raise InputError("This claim was already revoked.")
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


def undo_revoke(ctx: Context, claim_id: int) -> ClaimRow:
    """Take back a revoke made by mistake (Edit › Undo): the claim counts again exactly as before, and so does
    its certificate, without a reprint. The revoke and its undoing both stay in the audit log."""
    with ctx.db.transaction() as session:
        claim = session.get(AttendanceClaim, claim_id)
        if claim is None:
            raise InputError("This claim no longer exists; reload the attendance list.")
        if claim.revoked_at is None:
            raise InputError("This attendance counts already: its revoke was taken back.")
        before = snapshot(claim)
        claim.revoked_at = None
        claim.revoked_reason = None
        after = snapshot(claim)
        certificate = mark_restored_for_claim(session, claim.id)
        if certificate is not None:
            after["certificate_restored"] = certificate
        audit.record(ctx, session, "attendance.undo_revoke", "attendance_claim", claim.id, before, after)
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


@dataclass(frozen=True)
class SessionFacts:
    """What the rule book needs to know about a session, read in one query."""

    id: int
    activity_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    status: str
    credit_quarters: int
    code_opens_at: datetime | None
    code_closes_at: datetime | None
    designations: frozenset[str]


@dataclass(frozen=True)
class PersonFacts:
    id: int
    first_name: str
    last_name: str
    degree: str | None
    profession: str


# The claiming person, locked FOR KEY SHARE on PostgreSQL (SQLite leaves the clause out): a merge deleting them
# waits for this claim's transaction, or this query waits for the merge and then finds no one. Materialized, so
# the lock is taken by the CTE itself rather than on the nullable side of the join below (which PostgreSQL refuses).
_PERSON = (
    select(Person.id, Person.first_name, Person.last_name, Person.degree, Person.profession)
    .where(Person.id == bindparam("person_id"))
    .with_for_update(read=True, key_share=True)
    .cte("claimant")
    .prefix_with("MATERIALIZED", dialect="postgresql")
)
# One row per designation of the activity (or one with NULL): the session, its activity's title and credit types,
# and the claiming person (NULL when no profile has that id), so a texted claim reads everything in one round trip.
# Only designations made before the session started count: credit is never designated retroactively (DOMAIN.md).
_SESSION_FACTS = (
    select(
        ActivitySession.id,
        ActivitySession.activity_id,
        Activity.title,
        ActivitySession.starts_at,
        ActivitySession.ends_at,
        ActivitySession.timezone,
        ActivitySession.status,
        ActivitySession.credit_quarters,
        ActivitySession.code_opens_at,
        ActivitySession.code_closes_at,
        CreditDesignation.credit_type,
        _PERSON.c.id.label("person_id"),
        _PERSON.c.first_name,
        _PERSON.c.last_name,
        _PERSON.c.degree,
        _PERSON.c.profession,
    )
    .join(Activity, Activity.id == ActivitySession.activity_id)
    .outerjoin(
        CreditDesignation,
        and_(
            CreditDesignation.activity_id == Activity.id,
            or_(
                CreditDesignation.designated_at.is_(None),
                CreditDesignation.designated_at <= ActivitySession.starts_at,
            ),
        ),
    )
    .outerjoin(_PERSON, true())
)
_SESSION_BY_CODE = _SESSION_FACTS.where(ActivitySession.attendance_code == bindparam("code"))
_SESSION_BY_ID = _SESSION_FACTS.where(ActivitySession.id == bindparam("session_id"))
_ISSUED_CODE = select(IssuedCode.code).where(IssuedCode.code == bindparam("code"))
_PERSON_BY_ALIAS = (
    select(Person.id, Person.first_name, Person.last_name, Person.degree, Person.profession)
    .join(PersonAlias, PersonAlias.person_id == Person.id)
    .where(PersonAlias.merged_id == bindparam("person_id"))
    .with_for_update(read=True, key_share=True, of=Person)
)


def _session_facts(rows: Sequence[Any]) -> tuple[SessionFacts, PersonFacts | None] | None:
    if not rows:
        return None
    first = rows[0]
    facts = SessionFacts(
        id=first.id,
        activity_id=first.activity_id,
        title=first.title,
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        timezone=first.timezone,
        status=first.status,
        credit_quarters=first.credit_quarters,
        code_opens_at=first.code_opens_at,
        code_closes_at=first.code_closes_at,
        designations=frozenset(row.credit_type for row in rows if row.credit_type is not None),
    )
    if first.person_id is None:
        return facts, None
    return facts, PersonFacts(
        first.person_id, first.first_name, first.last_name, first.degree, first.profession
    )


def find_session_for_code(
    session: Session | Connection, code: str, person_id: int | None = None
) -> tuple[SessionFacts, PersonFacts | None]:
    """The session a code belongs to (and the person, if asked); a replaced or unknown code is refused."""
    found = _session_facts(session.execute(_SESSION_BY_CODE, {"code": code, "person_id": person_id}).all())
    if found is not None:
        return found
    if session.execute(_ISSUED_CODE, {"code": code}).first() is not None:
        raise ClaimRefused(
            Refusal.REPLACED_CODE,
            f"The code {code} was replaced by a new one; use the code shown in the room.",
        )
    raise ClaimRefused(
        Refusal.UNKNOWN_CODE, f"{code} is not an activity code; check the code shown in the room."
    )


def _find_session(connection: Connection, request: ClaimRequest) -> tuple[SessionFacts, PersonFacts | None]:
    if request.session_id is not None:
        found = _session_facts(
            connection.execute(
                _SESSION_BY_ID, {"session_id": request.session_id, "person_id": request.person_id}
            ).all()
        )
        if found is None:
            raise ClaimRefused(Refusal.UNKNOWN_SESSION, f"There is no session number {request.session_id}.")
        return found
    if not request.code:
        raise ClaimRefused(Refusal.UNKNOWN_CODE, "Enter the activity code shown in the room.")
    return find_session_for_code(connection, request.code.strip(), request.person_id)


def _check_window(facts: SessionFacts, now: datetime, allow_outside: bool) -> None:
    """DOMAIN.md, "Attendance": the code opens shortly before the session and stays valid 7 days after it."""
    if allow_outside or facts.code_opens_at is None or facts.code_closes_at is None:
        return
    zone = ZoneInfo(facts.timezone)
    if now < facts.code_opens_at:
        raise ClaimRefused(
            Refusal.NOT_OPEN_YET,
            f"The code for {facts.title} opens at {say_moment(facts.code_opens_at, zone)}.",
        )
    if now > facts.code_closes_at:
        closed = say_day(facts.code_closes_at.astimezone(zone).date())
        raise ClaimRefused(
            Refusal.CLOSED,
            f"The code for {facts.title} on {session_day(facts)} closed on {closed}; "
            "ask the CME office to add your attendance.",
        )


def _merged_into(connection: Connection, person_id: int) -> PersonFacts:
    """The profile that absorbed a merged-away profile id (its alias); refused when there is none."""
    found = connection.execute(_PERSON_BY_ALIAS, {"person_id": person_id}).first()
    if found is None:
        raise ClaimRefused(
            Refusal.UNKNOWN_PERSON, "That profile no longer exists; search for the person again."
        )
    return PersonFacts(*found)


def _quarters(facts: SessionFacts, asked: int | None) -> int:
    if asked is None:
        return facts.credit_quarters
    if not 0 < asked <= facts.credit_quarters:
        raise ClaimRefused(
            Refusal.BAD_CREDITS,
            f"Credits for this session are more than 0 and at most {format_credits(facts.credit_quarters)}.",
        )
    return asked


@cache
def _insert_once_statement(dialect: str) -> Insert:
    """Insert the claim unless one exists for the same session and person, returning the new id (or nothing)."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    claims = cast(Table, AttendanceClaim.__table__)
    return (
        insert(claims)
        .on_conflict_do_nothing(index_elements=["session_id", "person_id"])
        .returning(claims.c.id)
    )


def _result(outcome: ClaimOutcome, claim: AttendanceClaim, person: Who, facts: SessionFacts) -> ClaimResult:
    return ClaimResult(outcome, claim_row(claim, person, facts), facts.title, facts.starts_at, facts.timezone)
