"""ACCME Standard 3 (DOMAIN.md, "Disclosure"): whether a disclosure is current, where each person in control of an
activity's content stands in the five steps, and which mitigations fit their role. The disclosure to learners that
the review produces is in `learner_statement`.

Pure rules: the services load the facts, these functions judge them.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from cme_desktop.domain.vocabulary import ExclusionException, Mitigation, RelationshipNature, RoleInActivity
from cme_desktop.errors import InputError

DEFAULT_VALID_MONTHS = 12
LOOKBACK_MONTHS = 24  # relationships in the 24 months before the disclosure must be disclosed
EXPIRING_SOON_DAYS = 30


class Standard3Error(InputError):
    """A disclosure or review that cannot be saved; the message is one sentence for a coordinator."""


class DisclosureStatus(StrEnum):
    MISSING = "missing"
    EXPIRED = "expired"
    REFUSED = "refused"
    CURRENT = "current"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class RelationshipState(StrEnum):
    EXCLUDED = "excluded"
    NEEDS_REVIEW = "needs_review"
    NEEDS_MITIGATION = "needs_mitigation"
    MITIGATED_LATE = "mitigated_late"
    MITIGATED = "mitigated"
    NOT_RELEVANT = "not_relevant"

    @property
    def label(self) -> str:
        return _RELATIONSHIP_STATE_LABELS[self]


class ReviewState(StrEnum):
    """Where a person (or a whole activity) stands; declared worst first, so the worst member decides."""

    UNASSIGNED = "unassigned"
    REFUSED = "refused"
    MISSING = "missing"
    EXPIRED = "expired"
    EXCLUDED = "excluded"
    NEEDS_REVIEW = "needs_review"
    NEEDS_MITIGATION = "needs_mitigation"
    MITIGATED_LATE = "mitigated_late"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return _REVIEW_STATE_LABELS[self]

    @property
    def rank(self) -> int:
        return list(ReviewState).index(self)


_RELATIONSHIP_STATE_LABELS = {
    RelationshipState.EXCLUDED: "Owner or employee: exclude, or record an exception",
    RelationshipState.NEEDS_REVIEW: "Judge relevance",
    RelationshipState.NEEDS_MITIGATION: "Relevant: mitigate",
    RelationshipState.MITIGATED_LATE: "Mitigated after the first session",
    RelationshipState.MITIGATED: "Mitigated",
    RelationshipState.NOT_RELEVANT: "Not relevant",
}

_REVIEW_STATE_LABELS = {
    ReviewState.UNASSIGNED: "No planners or faculty assigned",
    ReviewState.REFUSED: "Refused to disclose: cannot take part",
    ReviewState.MISSING: "Disclosure missing",
    ReviewState.EXPIRED: "Disclosure expired",
    ReviewState.EXCLUDED: "Owner or employee of an ineligible company",
    ReviewState.NEEDS_REVIEW: "Needs review",
    ReviewState.NEEDS_MITIGATION: "Needs mitigation",
    ReviewState.MITIGATED_LATE: "Mitigated after the first session",
    ReviewState.COMPLETE: "Complete",
}

ROLE_LABELS = {
    RoleInActivity.PLANNER: "planner",
    RoleInActivity.FACULTY: "faculty",
    RoleInActivity.REVIEWER: "reviewer",
    RoleInActivity.MODERATOR: "moderator",
    RoleInActivity.OTHER: "other in control of content",
}

NATURE_LABELS = {
    RelationshipNature.EMPLOYEE: "employee",
    RelationshipNature.RESEARCHER: "researcher",
    RelationshipNature.CONSULTANT: "consultant",
    RelationshipNature.ADVISOR: "advisor",
    RelationshipNature.SPEAKER: "speaker",
    RelationshipNature.INDEPENDENT_CONTRACTOR: "independent contractor",
    RelationshipNature.ROYALTIES: "royalties/patent beneficiary",
    RelationshipNature.EXECUTIVE: "executive role",
    RelationshipNature.OWNERSHIP: "ownership interest",
    RelationshipNature.OTHER: "other",
}

EXCEPTION_LABELS = {
    ExclusionException.UNRELATED_CONTENT: "Content is not related to the company's business",
    ExclusionException.BASIC_SCIENCE: "Basic science or research methods, no care recommendations",
    ExclusionException.DEVICE_TECHNICIAN: "Teaches safe use of the company's device as a technician",
}

# Owners and employees have a duty to their company: they are excluded unless an exception applies (step 2).
OWNER_OR_EMPLOYEE = frozenset(
    {RelationshipNature.EMPLOYEE, RelationshipNature.EXECUTIVE, RelationshipNature.OWNERSHIP}
)

# Step 4: the mitigations that fit each kind of role.
PLANNER_MITIGATIONS = (Mitigation.DIVEST, Mitigation.RECUSAL, Mitigation.PEER_REVIEW, Mitigation.OTHER)
FACULTY_MITIGATIONS = (Mitigation.DIVEST, Mitigation.PEER_REVIEW, Mitigation.ATTEST, Mitigation.OTHER)
_PLANNING_ROLES = frozenset({RoleInActivity.PLANNER, RoleInActivity.REVIEWER, RoleInActivity.OTHER})
_TEACHING_ROLES = frozenset({RoleInActivity.FACULTY, RoleInActivity.MODERATOR, RoleInActivity.OTHER})

_PLANNER_LABELS = {
    Mitigation.DIVEST: "Divest the relationship",
    Mitigation.RECUSAL: "Recuse from planning related to the company",
    Mitigation.PEER_REVIEW: "Peer review of planning decisions",
    Mitigation.OTHER: "Other (describe in the note)",
}
_FACULTY_LABELS = {
    Mitigation.DIVEST: "Divest the relationship",
    Mitigation.PEER_REVIEW: "Peer review of content",
    Mitigation.ATTEST: "Attest clinical recommendations are evidence-based and free of commercial bias",
    Mitigation.OTHER: "Other (describe in the note)",
}


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (29 February -> 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(disclosed_on: date, months: int = DEFAULT_VALID_MONTHS) -> date:
    """The last day a disclosure is current: a disclosure of 1 December 2025 is current through 30 November 2026."""
    if months < 1:
        raise Standard3Error("A disclosure must stay current for at least one month.")
    return add_months(disclosed_on, months) - timedelta(days=1)


@dataclass(frozen=True)
class RelationshipFacts:
    id: int
    company: str
    nature: RelationshipNature
    started_on: date | None = None
    ended_on: date | None = None


@dataclass(frozen=True)
class DisclosureFacts:
    disclosed_on: date
    valid_until: date
    refused: bool = False
    no_relationships: bool = False
    relationships: tuple[RelationshipFacts, ...] = ()


@dataclass(frozen=True)
class ReviewFacts:
    """One relationship judged for one activity (steps 2 to 4)."""

    relevant: bool
    mitigation: Mitigation | None = None
    note: str | None = None
    exception: ExclusionException | None = None
    exception_note: str | None = None
    decided_by: str = ""
    decided_at: datetime | None = None


def disclosure_status(disclosure: DisclosureFacts | None, on: date) -> DisclosureStatus:
    if disclosure is None:
        return DisclosureStatus.MISSING
    if disclosure.refused:
        return DisclosureStatus.REFUSED
    if disclosure.valid_until < on:
        return DisclosureStatus.EXPIRED
    return DisclosureStatus.CURRENT


def check_disclosure(
    disclosed_on: date,
    today: date,
    refused: bool,
    no_relationships: bool,
    relationships: Sequence[RelationshipFacts],
) -> None:
    """Refuse a disclosure that says nothing, says two things at once, or dates a relationship impossibly."""
    if disclosed_on > today:
        raise Standard3Error("The disclosure date is in the future; enter the day the person disclosed.")
    if refused and (no_relationships or relationships):
        raise Standard3Error("A refusal to disclose cannot also list relationships or say there are none.")
    if no_relationships and relationships:
        raise Standard3Error(
            "Either tick 'no financial relationships' or list relationships, not both: remove one."
        )
    if not refused and not no_relationships and not relationships:
        raise Standard3Error(
            "Add each financial relationship, or tick 'no financial relationships with ineligible companies'."
        )
    earliest = add_months(disclosed_on, -LOOKBACK_MONTHS)
    for rel in relationships:
        if not rel.company.strip():
            raise Standard3Error("Every relationship needs the company's name.")
        if rel.started_on and rel.ended_on and rel.ended_on < rel.started_on:
            raise Standard3Error(
                f"The relationship with {rel.company} ends before it starts; check the dates."
            )
        if rel.started_on and rel.started_on > disclosed_on:
            raise Standard3Error(f"The relationship with {rel.company} starts after the disclosure date.")
        if rel.ended_on and rel.ended_on < earliest:
            raise Standard3Error(
                f"The relationship with {rel.company} ended more than 24 months before the disclosure;"
                " only the past 24 months are disclosed, so remove it."
            )


def is_owner_or_employee(rel: RelationshipFacts, on: date) -> bool:
    """Still an owner, employee or executive of the company on `on` (an ended employment is a past relationship)."""
    return rel.nature in OWNER_OR_EMPLOYEE and (rel.ended_on is None or rel.ended_on >= on)


def relationship_state(
    rel: RelationshipFacts, review: ReviewFacts | None, on: date, first_session_at: datetime | None
) -> RelationshipState:
    if is_owner_or_employee(rel, on) and (review is None or review.exception is None):
        return RelationshipState.EXCLUDED
    if review is None:
        return RelationshipState.NEEDS_REVIEW
    if not review.relevant:
        return RelationshipState.NOT_RELEVANT
    if review.mitigation is None:
        return RelationshipState.NEEDS_MITIGATION
    if first_session_at and review.decided_at and review.decided_at >= first_session_at:
        return RelationshipState.MITIGATED_LATE
    return RelationshipState.MITIGATED


@dataclass(frozen=True)
class JudgedRelationship:
    facts: RelationshipFacts
    review: ReviewFacts | None
    state: RelationshipState


@dataclass(frozen=True)
class PersonVerdict:
    status: DisclosureStatus
    state: ReviewState
    relationships: tuple[JudgedRelationship, ...]

    @property
    def relevant(self) -> tuple[JudgedRelationship, ...]:
        return tuple(j for j in self.relationships if j.review is not None and j.review.relevant)


_STATE_OF_RELATIONSHIP = {
    RelationshipState.EXCLUDED: ReviewState.EXCLUDED,
    RelationshipState.NEEDS_REVIEW: ReviewState.NEEDS_REVIEW,
    RelationshipState.NEEDS_MITIGATION: ReviewState.NEEDS_MITIGATION,
    RelationshipState.MITIGATED_LATE: ReviewState.MITIGATED_LATE,
    RelationshipState.MITIGATED: ReviewState.COMPLETE,
    RelationshipState.NOT_RELEVANT: ReviewState.COMPLETE,
}


def person_verdict(
    disclosure: DisclosureFacts | None,
    reviews: Mapping[int, ReviewFacts],
    on: date,
    first_session_at: datetime | None = None,
) -> PersonVerdict:
    """Where one person in a role stands for one activity: the state machine of the five steps.

    missing / expired / refused disclosures come first (step 1); then exclusion of owners and employees (step 2),
    relevance (step 3) and mitigation before the first session (step 4); complete when nothing is left.
    """
    status = disclosure_status(disclosure, on)
    if disclosure is None or status is not DisclosureStatus.CURRENT:
        state = {
            DisclosureStatus.MISSING: ReviewState.MISSING,
            DisclosureStatus.REFUSED: ReviewState.REFUSED,
            DisclosureStatus.EXPIRED: ReviewState.EXPIRED,
        }[status]
        judged: tuple[JudgedRelationship, ...] = ()
        if disclosure is not None:
            judged = _judge_all(disclosure, reviews, on, first_session_at)
        return PersonVerdict(status, state, judged)
    judged = _judge_all(disclosure, reviews, on, first_session_at)
    state = worst(_STATE_OF_RELATIONSHIP[j.state] for j in judged)
    return PersonVerdict(status, state, judged)


def _judge_all(
    disclosure: DisclosureFacts, reviews: Mapping[int, ReviewFacts], on: date, first: datetime | None
) -> tuple[JudgedRelationship, ...]:
    return tuple(
        JudgedRelationship(rel, reviews.get(rel.id), relationship_state(rel, reviews.get(rel.id), on, first))
        for rel in disclosure.relationships
    )


def worst(states: Iterable[ReviewState]) -> ReviewState:
    """The state furthest from complete; COMPLETE when there is nothing to judge."""
    return min(states, key=lambda s: s.rank, default=ReviewState.COMPLETE)


def activity_state(verdicts: Iterable[PersonVerdict]) -> ReviewState:
    """An activity is complete only when everyone in a role is: nobody assigned is not complete."""
    verdicts = list(verdicts)
    if not verdicts:
        return ReviewState.UNASSIGNED
    return worst(v.state for v in verdicts)


def mitigation_choices(roles: Iterable[RoleInActivity]) -> tuple[Mitigation, ...]:
    """The mitigations that fit the person's roles (step 4): planners and faculty have different ones."""
    roles = set(roles)
    choices: list[Mitigation] = []
    if roles & _PLANNING_ROLES:
        choices += PLANNER_MITIGATIONS
    if roles & _TEACHING_ROLES:
        choices += [m for m in FACULTY_MITIGATIONS if m not in choices]
    order = list(Mitigation)
    return tuple(sorted(choices, key=order.index))


def mitigation_label(mitigation: Mitigation, roles: Iterable[RoleInActivity]) -> str:
    roles = set(roles)
    planning, teaching = bool(roles & _PLANNING_ROLES), bool(roles & _TEACHING_ROLES)
    if mitigation is Mitigation.PEER_REVIEW and planning and teaching:
        return "Peer review of planning decisions and content"
    if teaching and mitigation in _FACULTY_LABELS:
        return _FACULTY_LABELS[mitigation]
    if mitigation in _PLANNER_LABELS:
        return _PLANNER_LABELS[mitigation]
    return _FACULTY_LABELS.get(mitigation, "Not relevant")


def check_review(
    rel: RelationshipFacts,
    roles: Iterable[RoleInActivity],
    on: date,
    relevant: bool,
    mitigation: Mitigation | None,
    note: str | None,
    exception: ExclusionException | None,
    exception_note: str | None,
) -> None:
    """Refuse a judgement that does not document what Standard 3 asks for."""
    roles = set(roles)
    if exception is not None and not is_owner_or_employee(rel, on):
        raise Standard3Error("Exceptions are only for owners and employees of an ineligible company.")
    if exception is not None and not (exception_note or "").strip():
        raise Standard3Error("Explain why the exception applies to this person.")
    if not relevant and mitigation is not None:
        raise Standard3Error("A relationship that is not relevant needs no mitigation: clear the mitigation.")
    if mitigation is Mitigation.NOT_RELEVANT:
        raise Standard3Error(
            "Mark the relationship not relevant instead of choosing 'not relevant' as mitigation."
        )
    if mitigation is not None and mitigation not in mitigation_choices(roles):
        role_names = ", ".join(sorted(ROLE_LABELS[r] for r in roles)) or "no role"
        raise Standard3Error(
            f"'{mitigation_label(mitigation, roles)}' is not a mitigation for a {role_names}."
        )
    if mitigation is Mitigation.OTHER and not (note or "").strip():
        raise Standard3Error("Describe the other mitigation in the note.")
