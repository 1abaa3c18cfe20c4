"""Standard 3: disclosures of financial relationships, roles in activities, and their review."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cme_desktop.store.base import Base, Edited


class IneligibleCompany(Base):
    """A company whose primary business is healthcare products used by or on patients (DOMAIN.md)."""

    __tablename__ = "ineligible_companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Typed by a faculty member or planner on the portal and not yet checked by the office: it stays off the
    # pick list others see until a coordinator confirms it is an ineligible company.
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Disclosure(Edited, Base):
    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    disclosed_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    attested: Mapped[bool] = mapped_column(Boolean, default=False)
    no_relationships: Mapped[bool] = mapped_column(Boolean, default=False)
    refused: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(120))
    # "office" when a coordinator entered it, "portal" when the person submitted it themselves (each submission
    # is a new disclosure: the earlier versions are kept).
    source: Mapped[str] = mapped_column(String(10), default="office", server_default="office")
    # The person's answer to "Do you own, work for or hold an executive role at an ineligible company?" (asked
    # explicitly on the portal, Standard 3's exclusion); None when it was not asked.
    owner_or_employee: Mapped[bool | None] = mapped_column(Boolean)

    relationships: Mapped[list[FinancialRelationship]] = relationship(
        back_populates="disclosure", cascade="all, delete-orphan"
    )


class FinancialRelationship(Base):
    __tablename__ = "financial_relationships"

    id: Mapped[int] = mapped_column(primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("ineligible_companies.id"), index=True)
    nature: Mapped[str] = mapped_column(String(30))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)

    disclosure: Mapped[Disclosure] = relationship(back_populates="relationships")
    company: Mapped[IneligibleCompany] = relationship()


class ActivityRole(Base):
    """A person in control of an activity's content: planner, faculty, reviewer, moderator or other."""

    __tablename__ = "activity_roles"
    __table_args__ = (UniqueConstraint("activity_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))


class RelationshipReview(Base):
    """A reviewer's judgement of one relationship for one activity: relevance, mitigation, exception."""

    __tablename__ = "relationship_reviews"
    __table_args__ = (UniqueConstraint("activity_id", "relationship_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("financial_relationships.id", ondelete="CASCADE"), index=True
    )
    relevant: Mapped[bool] = mapped_column(Boolean)
    mitigation: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    # For owners/employees of an ineligible company: which of the three exceptions allows them, and why.
    exception: Mapped[str | None] = mapped_column(String(30))
    exception_note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(120))
    decided_at: Mapped[datetime]
