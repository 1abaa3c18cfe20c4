"""What ACCME's PARS asks of an activity beyond the activity itself: the ID ACCME assigns, the CME Finder listing,
the outcome measures, and the activity's registration for MOC (continuing certification) with each board."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cme_desktop.store.base import Base, Edited


class ActivityReporting(Edited, Base):
    """One row per activity that has any of these; an activity without one has told PARS nothing yet."""

    __tablename__ = "activity_reporting"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    # The activity ID PARS assigns once the activity is entered (learner uploads name the activity by it).
    pars_activity_id: Mapped[str | None] = mapped_column(String(20))
    # Listed in ACCME's CME Finder; None until the office decides. A listing needs a fee answer, who may
    # register and the activity's web address.
    cme_finder: Mapped[bool | None] = mapped_column(Boolean)
    finder_fee: Mapped[bool | None] = mapped_column(Boolean)
    finder_registration: Mapped[str | None] = mapped_column(String(20))
    finder_url: Mapped[str | None] = mapped_column(String(500))
    # Outcome measures (domain.pars.OutcomeMeasure codes), separated by spaces.
    outcome_measures: Mapped[str] = mapped_column(String(200), default="")
    # The office attests that the activity meets the boards' CME-for-MOC requirements.
    moc_attested: Mapped[bool] = mapped_column(Boolean, default=False)


class MocRegistration(Base):
    """The activity registered for MOC with one certifying board."""

    __tablename__ = "moc_registrations"
    __table_args__ = (UniqueConstraint("activity_id", "board"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    board: Mapped[str] = mapped_column(String(10))
    # The board's MOC credit types (domain.pars.BOARDS codes), separated by spaces.
    credit_types: Mapped[str] = mapped_column(String(100))
    # MOC points for the whole activity, in quarter points like credits.
    points_quarters: Mapped[int] = mapped_column(Integer)
    # The board's practice areas (specialties) the activity addresses, separated by semicolons.
    practice_areas: Mapped[str] = mapped_column(String(500), default="")
    # Learners earn MOC only by passing the activity's assessment.
    requires_passing: Mapped[bool] = mapped_column(Boolean, default=False)
    content_area: Mapped[str | None] = mapped_column(String(200))
    # The last day a learner may claim MOC for the activity ("MOC credit claim date").
    claim_by: Mapped[date | None]
