"""Activities, their credit designations and their dated sessions with attendance codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cme_desktop.store.base import Base, Edited


class Activity(Edited, Base):
    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), index=True)
    format: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="active")
    providership: Mapped[str] = mapped_column(String(10), default="direct")
    joint_provider: Mapped[str | None] = mapped_column(String(200))
    department: Mapped[str | None] = mapped_column(String(120))
    director: Mapped[str | None] = mapped_column(String(120))
    venue: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(50))
    country: Mapped[str | None] = mapped_column(String(60))
    delivery: Mapped[str] = mapped_column(String(20), default="in_person")
    description: Mapped[str | None] = mapped_column(Text)
    # Text shown to learners on the first slide until the disclosure review generates it.
    learner_statement: Mapped[str | None] = mapped_column(Text)
    code_opens_minutes_before: Mapped[int] = mapped_column(Integer, default=30)
    code_closes_days_after: Mapped[int] = mapped_column(Integer, default=7)
    created_at: Mapped[datetime]

    designations: Mapped[list[CreditDesignation]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[ActivitySession]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="ActivitySession.starts_at"
    )
    support: Mapped[list[CommercialSupport]] = relationship(cascade="all, delete-orphan")


class CreditDesignation(Base):
    """The maximum credit of one type designated in advance for an activity."""

    __tablename__ = "credit_designations"
    __table_args__ = (UniqueConstraint("activity_id", "credit_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    credit_type: Mapped[str] = mapped_column(String(20))
    max_quarters: Mapped[int] = mapped_column(Integer)
    # ACPE Universal Activity Number, pharmacy only.
    uan: Mapped[str | None] = mapped_column(String(30))
    # The maximum is per session (a series designated "1 credit per session"), not for the whole activity.
    per_session: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # When this credit type was designated (or last raised); None for designations older than the record.
    # A claim never gets a credit type designated after its session started (DOMAIN.md: never retroactively).
    designated_at: Mapped[datetime | None]

    activity: Mapped[Activity] = relationship(back_populates="designations")


class CommercialSupport(Base):
    __tablename__ = "commercial_support"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(200))
    in_kind: Mapped[bool] = mapped_column(default=False)
    amount_cents: Mapped[int | None] = mapped_column(Integer)


class ActivitySession(Edited, Base):
    """One dated occurrence of an activity ("session" in the office's words)."""

    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_starts_at", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # IANA zone the session is held in; instants are UTC, this is for display and day rules.
    timezone: Mapped[str] = mapped_column(String(60))
    topic: Mapped[str | None] = mapped_column(String(300))
    speakers: Mapped[str | None] = mapped_column(String(300))
    room: Mapped[str | None] = mapped_column(String(120))
    credit_quarters: Mapped[int] = mapped_column(Integer)
    # Breaks and meals inside the session: credit counts instruction time only (DOMAIN.md, "Credit").
    break_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    attendance_code: Mapped[str | None] = mapped_column(String(7), unique=True)
    code_opens_at: Mapped[datetime | None]
    code_closes_at: Mapped[datetime | None]
    disclosure_shown_at: Mapped[datetime | None]

    activity: Mapped[Activity] = relationship(back_populates="sessions")
    faculty: Mapped[list[SessionFaculty]] = relationship(
        cascade="all, delete-orphan", order_by="SessionFaculty.position"
    )


class SessionFaculty(Base):
    """A person who teaches a session: faculty of its activity under Standard 3 (DOMAIN.md, "Disclosure": every
    session speaker is faculty). The session's `speakers` text is only how their names are shown."""

    __tablename__ = "session_faculty"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # What a coordinator should check: a profile made or matched from a typed name.
    note: Mapped[str | None] = mapped_column(String(300))


class IssuedCode(Base):
    """Every attendance code ever handed out, so that none is reused."""

    __tablename__ = "issued_codes"

    code: Mapped[str] = mapped_column(String(7), primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    issued_at: Mapped[datetime]
    retired_at: Mapped[datetime | None]
    retired_reason: Mapped[str | None] = mapped_column(String(300))
