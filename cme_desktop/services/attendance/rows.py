"""A claim as the screens, reports and imports show it: the learner, the credit, and what a coordinator should look at."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cme_desktop.domain.localtime import say_day
from cme_desktop.store.attendance import AttendanceClaim

# A claim this long after the session ended is within the window but worth a coordinator's look.
LATE_AFTER = timedelta(hours=24)


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


class SessionTimes(Protocol):
    """A session as review flags and confirmations see it: an ActivitySession or the rule book's SessionFacts."""

    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...
    @property
    def timezone(self) -> str: ...
    @property
    def credit_quarters(self) -> int: ...
    @property
    def code_opens_at(self) -> datetime | None: ...
    @property
    def code_closes_at(self) -> datetime | None: ...


class Who(Protocol):
    """A person as a claim row names them: a Person or the rule book's PersonFacts."""

    @property
    def id(self) -> int: ...
    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def degree(self) -> str | None: ...
    @property
    def profession(self) -> str: ...


def session_day(row: SessionTimes) -> str:
    return say_day(row.starts_at.astimezone(ZoneInfo(row.timezone)).date())


def review_flags(claim: AttendanceClaim, row: SessionTimes) -> tuple[str, ...]:
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
    if evidence.get("unconfirmed_phone"):
        flags.append("texted from an unconfirmed phone")
    return tuple(flags)


def claim_row(claim: AttendanceClaim, person: Who, row: SessionTimes) -> ClaimRow:
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


def count_claims(session: Session, session_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(AttendanceClaim)
            .where(AttendanceClaim.session_id == session_id, AttendanceClaim.revoked_at.is_(None))
        )
        or 0
    )
