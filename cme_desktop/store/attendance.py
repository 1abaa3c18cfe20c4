"""Attendance claims and the certificates that document them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cme_desktop.store.activities import ActivitySession
from cme_desktop.store.base import Base
from cme_desktop.store.people import Person


class AttendanceClaim(Base):
    """One person's attendance at one session: never two rows for the same pair (revoking keeps the row)."""

    __tablename__ = "attendance_claims"
    __table_args__ = (
        UniqueConstraint("session_id", "person_id", name="uq_attendance_claims_session_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    # RESTRICT, not CASCADE: deleting a profile that still has a claim fails rather than losing the claim (a merge
    # moves every claim to the survivor first).
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    credit_type: Mapped[str] = mapped_column(String(20))
    credit_quarters: Mapped[int] = mapped_column(Integer)
    claimed_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(120))
    # Channel evidence: message id and phone, kiosk machine, import file and row, or a late-entry reason.
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(300))

    session: Mapped[ActivitySession] = relationship()
    person: Mapped[Person] = relationship()


class Certificate(Base):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("attendance_claims.id", ondelete="CASCADE"), unique=True)
    # Non-sequential code printed on the certificate, e.g. K7QF-3M9X-T2PD.
    verification_code: Mapped[str] = mapped_column(String(20), unique=True)
    credit_quarters: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    claim: Mapped[AttendanceClaim] = relationship()
