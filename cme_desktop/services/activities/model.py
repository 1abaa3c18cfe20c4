"""What the Activities page sends to the services and gets back: plain, frozen dataclasses, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from cme_desktop.domain.codes import DEFAULT_CLOSES_DAYS_AFTER, DEFAULT_OPENS_MINUTES_BEFORE
from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.scheduling import credit_label
from cme_desktop.domain.vocabulary import (
    ActivityFormat,
    ActivityStatus,
    CreditType,
    Delivery,
    Providership,
    SessionStatus,
)
from cme_desktop.errors import InputError
from cme_desktop.services.activities.calendar import SessionSummary


class ActivityError(InputError):
    """Input a coordinator must correct; the message is one sentence that says what and how."""


@dataclass(frozen=True)
class SupportInput:
    """One source of commercial support: monetary with an amount, or in kind (amount optional)."""

    source: str
    in_kind: bool = False
    amount_cents: int | None = None


@dataclass(frozen=True)
class DesignationInput:
    """A credit designation: the maximum credits of one type, designated in advance (DOMAIN.md, "Credit")."""

    credit_type: CreditType | str
    max_credits: Decimal | str | float | int
    uan: str | None = None
    # The maximum is per session ("1 credit per session", a series), not for the whole activity.
    per_session: bool = False


@dataclass(frozen=True)
class ActivityInput:
    """Every field of the activity form. Status is draft or active here: archiving and restoring have their own
    calls, and saving an archived activity keeps it archived."""

    title: str
    format: ActivityFormat | str
    providership: Providership | str = Providership.DIRECT
    joint_provider: str | None = None
    department: str | None = None
    director: str | None = None
    venue: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    delivery: Delivery | str = Delivery.IN_PERSON
    description: str | None = None
    commercial_support: tuple[SupportInput, ...] = ()
    designations: tuple[DesignationInput, ...] = ()
    # Why a designation is lowered once the first session has started (the audit log keeps it).
    designation_reason: str | None = None
    code_opens_minutes_before: int = DEFAULT_OPENS_MINUTES_BEFORE
    code_closes_days_after: int = DEFAULT_CLOSES_DAYS_AFTER
    status: ActivityStatus | str = ActivityStatus.ACTIVE


@dataclass(frozen=True)
class Designation:
    credit_type: str
    max_quarters: int
    uan: str | None = None
    per_session: bool = False
    designated_at: datetime | None = None

    @property
    def label(self) -> str:
        return credit_label(self.credit_type)

    @property
    def max_credits(self) -> str:
        return format_credits(self.max_quarters)


@dataclass(frozen=True)
class Support:
    source: str
    in_kind: bool
    amount_cents: int | None


@dataclass(frozen=True)
class ActivityFilter:
    """What the Activities page filters on. `text` matches title, department, director and joint provider;
    `first`/`last` keep activities with a scheduled session on those office-zone days. Archived activities show
    only when asked for, by `status` or `include_archived`."""

    text: str = ""
    format: ActivityFormat | str | None = None
    department: str | None = None
    status: ActivityStatus | str | None = None
    first: date | None = None
    last: date | None = None
    include_archived: bool = False


@dataclass(frozen=True)
class ActivitySummary:
    """One row of the Activities list. Session figures count scheduled sessions; dates are in the office zone."""

    id: int
    title: str
    format: str
    status: str
    providership: str
    department: str | None
    director: str | None
    delivery: str
    session_count: int
    first_date: date | None
    last_date: date | None
    designations: tuple[Designation, ...]
    version: int

    @property
    def format_label(self) -> str:
        return ActivityFormat(self.format).label


@dataclass(frozen=True)
class ActivityDetail:
    """One activity with its designations, commercial support and every session (cancelled ones included)."""

    id: int
    title: str
    format: str
    status: str
    providership: str
    joint_provider: str | None
    department: str | None
    director: str | None
    venue: str | None
    city: str | None
    state: str | None
    country: str | None
    delivery: str
    description: str | None
    code_opens_minutes_before: int
    code_closes_days_after: int
    designations: tuple[Designation, ...]
    support: tuple[Support, ...]
    sessions: tuple[SessionSummary, ...]
    created_at: datetime
    updated_at: datetime | None
    updated_by: str | None
    version: int

    @property
    def format_label(self) -> str:
        return ActivityFormat(self.format).label

    @property
    def scheduled_quarters(self) -> int:
        """Credits of the scheduled sessions together: what a learner attending all of them could earn."""
        return sum(s.credit_quarters for s in self.sessions if s.status == SessionStatus.SCHEDULED)

    def as_input(self) -> ActivityInput:
        """The form's starting values for editing this activity."""
        return ActivityInput(
            title=self.title,
            format=self.format,
            providership=self.providership,
            joint_provider=self.joint_provider,
            department=self.department,
            director=self.director,
            venue=self.venue,
            city=self.city,
            state=self.state,
            country=self.country,
            delivery=self.delivery,
            description=self.description,
            commercial_support=tuple(SupportInput(s.source, s.in_kind, s.amount_cents) for s in self.support),
            designations=tuple(
                DesignationInput(d.credit_type, Decimal(d.max_quarters) / 4, d.uan, d.per_session)
                for d in self.designations
            ),
            code_opens_minutes_before=self.code_opens_minutes_before,
            code_closes_days_after=self.code_closes_days_after,
            status=self.status if self.status != ActivityStatus.ARCHIVED else ActivityStatus.ACTIVE,
        )
