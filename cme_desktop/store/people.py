"""Learners, faculty and planners: one profile per person, with emails, phones and board identifiers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cme_desktop.store.base import Base, Edited


class Person(Edited, Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    suffix: Mapped[str | None] = mapped_column(String(20))
    degree: Mapped[str | None] = mapped_column(String(40))
    profession: Mapped[str] = mapped_column(String(30), default="other")
    netid: Mapped[str | None] = mapped_column(String(60), unique=True)
    npi: Mapped[str | None] = mapped_column(String(10), unique=True)
    nabp_eprofile_id: Mapped[str | None] = mapped_column(String(20))
    birth_month: Mapped[int | None] = mapped_column(Integer)
    birth_day: Mapped[int | None] = mapped_column(Integer)
    # The learner allows the office to report completed credit to their certifying boards (MOC; DOMAIN.md).
    moc_permission: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # HMAC of the last 4 SSN digits with the office's key (secrets.py); never the digits.
    ssn_last4_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # Lower-cased, accent-free "last first" for prefix search and duplicate detection.
    search_name: Mapped[str] = mapped_column(String(220), index=True)
    created_at: Mapped[datetime]

    emails: Mapped[list[PersonEmail]] = relationship(back_populates="person", cascade="all, delete-orphan")
    phones: Mapped[list[PersonPhone]] = relationship(back_populates="person", cascade="all, delete-orphan")
    board_ids: Mapped[list[BoardId]] = relationship(cascade="all, delete-orphan")
    licenses: Mapped[list[StateLicense]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (Index("ix_people_last_first", "last_name", "first_name"),)


class PersonEmail(Base):
    __tablename__ = "person_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # Stored lower-cased: unique regardless of case across all people.
    address: Mapped[str] = mapped_column(String(254), unique=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person] = relationship(back_populates="emails")


class PersonPhone(Base):
    __tablename__ = "person_phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    e164: Mapped[str] = mapped_column(String(20), unique=True)
    # The owner confirmed the phone (a code emailed to their address, or a coordinator's word). A phone linked
    # by text without it ("direct linking", an office without mail) is unconfirmed and its claims are reviewed.
    # Whether the number takes texts (STOP) is the number's, not the profile's: store/messages.TextingNumber.
    verified: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person] = relationship(back_populates="phones")


class BoardId(Base):
    """A certifying board's identifier for MOC reporting (ABIM, ABA, ABP, ...)."""

    __tablename__ = "person_board_ids"
    __table_args__ = (UniqueConstraint("board", "board_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    board: Mapped[str] = mapped_column(String(20))
    board_id: Mapped[str] = mapped_column(String(40))


class StateLicense(Base):
    __tablename__ = "person_licenses"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(2))
    license_number: Mapped[str] = mapped_column(String(40))


class PersonAlias(Base):
    """A profile merged away: its old id still leads to the survivor."""

    __tablename__ = "person_aliases"

    merged_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    merged_at: Mapped[datetime]
    # The merged-away profile as it was, so the merge can be undone from the audit log.
    snapshot: Mapped[str | None] = mapped_column(String)


class DuplicateDismissal(Base):
    """A pair the duplicate finder proposed and a coordinator judged to be two different people."""

    __tablename__ = "person_duplicate_dismissals"
    __table_args__ = (UniqueConstraint("low_id", "high_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The pair's ids in order, so (a, b) and (b, a) are one dismissal.
    low_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    high_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    dismissed_at: Mapped[datetime]
    dismissed_by: Mapped[str] = mapped_column(String(120))
