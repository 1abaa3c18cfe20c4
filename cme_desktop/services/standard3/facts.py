"""Loading what Standard 3 judges, inside the caller's transaction: who holds a role in which activity, their latest
disclosure, the reviews of its relationships, and each activity's first session. Shared by the review board, the
activity state, the statement to learners and the dashboard."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cme_desktop.domain.learner_statement import StatementPerson
from cme_desktop.domain.standard3 import (
    DisclosureFacts,
    PersonVerdict,
    RelationshipFacts,
    ReviewFacts,
    Standard3Error,
    person_verdict,
)
from cme_desktop.domain.vocabulary import (
    ExclusionException,
    Mitigation,
    RelationshipNature,
    RoleInActivity,
    SessionStatus,
)
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import read_settings
from cme_desktop.store.activities import Activity, ActivitySession, SessionFaculty
from cme_desktop.store.disclosures import ActivityRole, Disclosure, FinancialRelationship, RelationshipReview
from cme_desktop.store.people import Person, PersonEmail


def zone_and_today(ctx: Context, session: Session) -> tuple[ZoneInfo, date]:
    zone = read_settings(session).zone
    return zone, ctx.clock().astimezone(zone).date()


def person_name(person: Person) -> str:
    """'Ann Lee, MD' as learners and coordinators read it."""
    name = f"{person.first_name} {person.last_name}".strip()
    return f"{name}, {person.degree}" if person.degree else name


def primary_emails(session: Session, person_ids: Iterable[int]) -> dict[int, str]:
    result: dict[int, str] = {}
    rows = session.execute(
        select(PersonEmail.person_id, PersonEmail.address)
        .where(PersonEmail.person_id.in_(set(person_ids)))
        .order_by(PersonEmail.is_primary.desc(), PersonEmail.id)
    )
    for person_id, address in rows:
        result.setdefault(person_id, address)
    return result


def latest_disclosures(session: Session, person_ids: Iterable[int]) -> dict[int, Disclosure]:
    """Each person's most recent disclosure (by date, then by entry), with its relationships and companies."""
    rows = session.scalars(
        select(Disclosure)
        .where(Disclosure.person_id.in_(set(person_ids)))
        .options(selectinload(Disclosure.relationships).selectinload(FinancialRelationship.company))
        .order_by(Disclosure.disclosed_on, Disclosure.id)
    )
    return {d.person_id: d for d in rows}


def disclosure_facts(disclosure: Disclosure) -> DisclosureFacts:
    return DisclosureFacts(
        disclosure.disclosed_on,
        disclosure.valid_until,
        disclosure.refused,
        disclosure.no_relationships,
        tuple(relationship_facts(r) for r in sorted(disclosure.relationships, key=lambda r: r.id)),
    )


def disclosure_snapshot(d: Disclosure) -> dict[str, Any]:
    """A disclosure as the audit log keeps it."""
    return {
        "person_id": d.person_id,
        "disclosed_on": d.disclosed_on.isoformat(),
        "valid_until": d.valid_until.isoformat(),
        "attested": d.attested,
        "no_relationships": d.no_relationships,
        "refused": d.refused,
        "source": d.source,
        "owner_or_employee": d.owner_or_employee,
        "relationships": [
            {
                "id": r.id,
                "company": r.company.name,
                "nature": r.nature,
                "started_on": r.started_on.isoformat() if r.started_on else None,
                "ended_on": r.ended_on.isoformat() if r.ended_on else None,
            }
            for r in d.relationships
        ],
    }


def relationship_facts(rel: FinancialRelationship) -> RelationshipFacts:
    return RelationshipFacts(
        rel.id, rel.company.name, RelationshipNature(rel.nature), rel.started_on, rel.ended_on
    )


def review_facts(review: RelationshipReview) -> ReviewFacts:
    return ReviewFacts(
        relevant=review.relevant,
        mitigation=Mitigation(review.mitigation) if review.mitigation else None,
        note=review.note,
        exception=ExclusionException(review.exception) if review.exception else None,
        exception_note=review.exception_note,
        decided_by=review.decided_by,
        decided_at=review.decided_at,
    )


def first_sessions(session: Session, activity_ids: Iterable[int]) -> dict[int, datetime]:
    """When each activity's first scheduled session starts: relevant relationships are mitigated before it."""
    rows = session.execute(
        select(ActivitySession.activity_id, func.min(ActivitySession.starts_at))
        .where(
            ActivitySession.activity_id.in_(set(activity_ids)),
            ActivitySession.status != SessionStatus.CANCELLED.value,
        )
        .group_by(ActivitySession.activity_id)
    )
    # min() keeps the column's type, so the instants come back as aware UTC datetimes on both engines.
    return {activity_id: starts_at for activity_id, starts_at in rows if starts_at is not None}


@dataclass
class PersonInActivity:
    person: Person
    roles: list[tuple[int, RoleInActivity]] = field(default_factory=list)
    disclosure: Disclosure | None = None
    reviews: dict[int, RelationshipReview] = field(default_factory=dict)
    # When they teach a session of the activity: every session speaker is faculty (DOMAIN.md, "Disclosure").
    speaks_at: list[datetime] = field(default_factory=list)
    # What a coordinator should check about how they became a speaker (a profile made from a typed name).
    notes: list[str] = field(default_factory=list)

    @property
    def role_kinds(self) -> tuple[RoleInActivity, ...]:
        order = list(RoleInActivity)
        kinds = {r for _, r in self.roles} | ({RoleInActivity.FACULTY} if self.speaks_at else set())
        return tuple(sorted(kinds, key=order.index))

    def judged_on(self, today: date, zone: ZoneInfo) -> date:
        """The day their disclosure must be current on: today for a standing role or a session to come; for a
        speaker whose sessions are all over, the day of their last one (it was current then, or it was not)."""
        if self.roles or not self.speaks_at:
            return today
        return min(today, max(self.speaks_at).astimezone(zone).date())

    def first_time(self, activity_first: datetime | None) -> datetime | None:
        """When they first control content: the activity's first session, or, for a speaker only, their own."""
        if self.roles or not self.speaks_at:
            return activity_first
        return min(self.speaks_at)


@dataclass
class ActivityFacts:
    activity: Activity
    first_session_at: datetime | None
    zone: ZoneInfo
    people: dict[int, PersonInActivity] = field(default_factory=dict)

    def judging(self, entry: PersonInActivity, today: date) -> tuple[date, datetime | None]:
        """The day `entry`'s disclosure must be current on, and when they first control content."""
        return entry.judged_on(today, self.zone), entry.first_time(self.first_session_at)


def load_activities(
    session: Session, activities: list[Activity], only_session: int | None = None
) -> dict[int, ActivityFacts]:
    """Everything the review of `activities` needs, in a handful of queries whatever their number: the people in
    a role, and every speaker of a session not cancelled (with `only_session`, the speakers of that session only,
    as its disclosure slide lists them)."""
    ids = [a.id for a in activities]
    firsts = first_sessions(session, ids)
    zone = read_settings(session).zone
    facts = {a.id: ActivityFacts(a, firsts.get(a.id), zone) for a in activities}
    roles = session.execute(
        select(ActivityRole, Person)
        .join(Person, Person.id == ActivityRole.person_id)
        .where(ActivityRole.activity_id.in_(ids))
        .order_by(Person.last_name, Person.first_name, ActivityRole.id)
    )
    for role, person in roles:
        entry = facts[role.activity_id].people.setdefault(person.id, PersonInActivity(person))
        entry.roles.append((role.id, RoleInActivity(role.role)))
    speakers = (
        select(SessionFaculty, ActivitySession.activity_id, ActivitySession.starts_at, Person)
        .join(ActivitySession, ActivitySession.id == SessionFaculty.session_id)
        .join(Person, Person.id == SessionFaculty.person_id)
        .where(
            ActivitySession.activity_id.in_(ids),
            ActivitySession.status != SessionStatus.CANCELLED.value,
        )
        .order_by(Person.last_name, Person.first_name, ActivitySession.starts_at)
    )
    if only_session is not None:
        speakers = speakers.where(SessionFaculty.session_id == only_session)
    for speaker, activity_id, starts_at, person in session.execute(speakers):
        entry = facts[activity_id].people.setdefault(person.id, PersonInActivity(person))
        entry.speaks_at.append(starts_at)
        if speaker.note and speaker.note not in entry.notes:
            entry.notes.append(speaker.note)
    person_ids = {pid for f in facts.values() for pid in f.people}
    disclosures = latest_disclosures(session, person_ids)
    relationship_ids = {r.id for d in disclosures.values() for r in d.relationships}
    reviews = session.scalars(
        select(RelationshipReview).where(
            RelationshipReview.activity_id.in_(ids), RelationshipReview.relationship_id.in_(relationship_ids)
        )
    )
    by_key = {(r.activity_id, r.relationship_id): r for r in reviews}
    for activity_facts in facts.values():
        for pid, entry in activity_facts.people.items():
            entry.disclosure = disclosures.get(pid)
            if entry.disclosure is not None:
                for rel in entry.disclosure.relationships:
                    review = by_key.get((activity_facts.activity.id, rel.id))
                    if review is not None:
                        entry.reviews[rel.id] = review
    return facts


def activity_facts(session: Session, activity_id: int, only_session: int | None = None) -> ActivityFacts:
    """`load_activities` for one activity, or Standard3Error when it is gone."""
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise Standard3Error("That activity no longer exists: reload.")
    return load_activities(session, [activity], only_session)[activity_id]


def statement_person(entry: PersonInActivity) -> StatementPerson:
    relevant: list[tuple[str, RelationshipNature]] = []
    if entry.disclosure is not None:
        for rel in sorted(entry.disclosure.relationships, key=lambda r: r.id):
            review = entry.reviews.get(rel.id)
            if review is not None and review.relevant:
                relevant.append((rel.company.name, RelationshipNature(rel.nature)))
    return StatementPerson(person_name(entry.person), entry.role_kinds, tuple(relevant))


def judge_person(entry: PersonInActivity, today: date, activity: ActivityFacts) -> PersonVerdict:
    """Where `entry` stands; a speaker whose sessions are over is judged as of their last session."""
    on, first = activity.judging(entry, today)
    facts = disclosure_facts(entry.disclosure) if entry.disclosure else None
    reviews = {rid: review_facts(r) for rid, r in entry.reviews.items()}
    return person_verdict(facts, reviews, on, first)
