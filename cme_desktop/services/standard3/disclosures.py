"""Standard 3 collection (DOMAIN.md): people's disclosures of their financial relationships, and who holds which
role in an activity.

Reviewing (relevance, mitigation, exceptions), the activity's state and the statement to learners live in
`disclosure_review`; the dashboard in `disclosure_dashboard`; the company list in `ineligible_companies`. All are
re-exported here, so callers need only this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cme_desktop.domain.localtime import say_moment
from cme_desktop.domain.standard3 import (
    DisclosureStatus,
    RelationshipFacts,
    Standard3Error,
    check_disclosure,
    disclosure_status,
    valid_until,
)
from cme_desktop.domain.vocabulary import RelationshipNature, RoleInActivity
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import read_settings
from cme_desktop.services.standard3.board import BoardPerson, BoardRelationship, ReviewBoard, review_board
from cme_desktop.services.standard3.companies import (
    Company,
    add_company,
    companies,
    company_named,
    confirm_company,
    update_company,
)
from cme_desktop.services.standard3.dashboard import Dashboard, DashboardPerson, dashboard
from cme_desktop.services.standard3.facts import disclosure_snapshot, person_name, zone_and_today
from cme_desktop.services.standard3.invitations import close_invitations
from cme_desktop.services.standard3.review import (
    ActivityStandard3,
    LearnerDisclosure,
    activities_standard3,
    activity_standard3,
    judge_relationship,
    learner_disclosure,
)
from cme_desktop.store.activities import Activity
from cme_desktop.store.disclosures import (
    ActivityRole,
    Disclosure,
    FinancialRelationship,
    RelationshipReview,
)
from cme_desktop.store.people import Person

__all__ = [
    "ActivityStandard3",
    "BoardPerson",
    "BoardRelationship",
    "Company",
    "Dashboard",
    "DashboardPerson",
    "DisclosureInput",
    "DisclosureRow",
    "LearnerDisclosure",
    "RelationshipInput",
    "RelationshipRow",
    "ReviewBoard",
    "RoleRow",
    "StaleDisclosureError",
    "activities_standard3",
    "activity_roles",
    "activity_standard3",
    "add_company",
    "assign_role",
    "companies",
    "confirm_company",
    "dashboard",
    "enter_disclosure",
    "judge_relationship",
    "learner_disclosure",
    "person_disclosures",
    "remove_role",
    "review_board",
    "revise_disclosure",
    "update_company",
]


class StaleDisclosureError(Standard3Error):
    """Another coordinator saved the disclosure after this one loaded it."""


# Disclosures ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RelationshipInput:
    """One relationship as typed; `id` is set when revising a relationship already recorded."""

    company: str
    nature: RelationshipNature
    started_on: date | None = None
    ended_on: date | None = None
    id: int | None = None


@dataclass(frozen=True)
class DisclosureInput:
    person_id: int
    disclosed_on: date
    attested: bool = False
    no_relationships: bool = False
    refused: bool = False
    relationships: tuple[RelationshipInput, ...] = ()


@dataclass(frozen=True)
class RelationshipRow:
    id: int
    company_id: int
    company: str
    nature: RelationshipNature
    started_on: date | None
    ended_on: date | None


@dataclass(frozen=True)
class DisclosureRow:
    id: int
    person_id: int
    person_name: str
    disclosed_on: date
    valid_until: date
    status: DisclosureStatus
    attested: bool
    no_relationships: bool
    refused: bool
    relationships: tuple[RelationshipRow, ...]
    recorded_by: str
    recorded_at: datetime
    version: int
    updated_by: str | None
    updated_at: datetime | None


def enter_disclosure(ctx: Context, draft: DisclosureInput) -> DisclosureRow:
    """Record a new disclosure (the yearly one, or one prompted by a change); it becomes the person's current one."""
    with ctx.db.transaction() as session:
        person = session.get(Person, draft.person_id)
        if person is None:
            raise Standard3Error("That person no longer exists: reload.")
        _, today = zone_and_today(ctx, session)
        _check(draft, today)
        now = ctx.clock()
        disclosure = Disclosure(
            person_id=person.id,
            disclosed_on=draft.disclosed_on,
            valid_until=valid_until(draft.disclosed_on, read_settings(session).disclosure_valid_months),
            attested=draft.attested,
            no_relationships=draft.no_relationships,
            refused=draft.refused,
            recorded_at=now,
            recorded_by=ctx.actor.os_user,
            updated_at=now,
            updated_by=ctx.actor.os_user,
        )
        for rel in draft.relationships:
            disclosure.relationships.append(_new_relationship(ctx, session, rel))
        session.add(disclosure)
        session.flush()
        close_invitations(session, person.id, now)
        audit.record(
            ctx,
            session,
            "disclosure.enter",
            "disclosure",
            disclosure.id,
            None,
            disclosure_snapshot(disclosure),
        )
        return _row(disclosure, person, today)


def revise_disclosure(
    ctx: Context, disclosure_id: int, version: int, draft: DisclosureInput
) -> DisclosureRow:
    """Correct a recorded disclosure. A relationship whose company or nature changes must be judged again.

    `version` is the one the coordinator loaded: a save over someone else's newer save is refused.
    """
    with _refusing_races(ctx, disclosure_id), ctx.db.transaction() as session:
        disclosure = session.get(Disclosure, disclosure_id)
        if disclosure is None:
            raise StaleDisclosureError("This disclosure was removed by another coordinator: reload.")
        zone, today = zone_and_today(ctx, session)
        if disclosure.version != version:
            raise StaleDisclosureError(_stale_message(disclosure, zone))
        if disclosure.person_id != draft.person_id:
            raise Standard3Error("A disclosure cannot be moved to another person; enter a new one for them.")
        _check(draft, today)
        before = disclosure_snapshot(disclosure)
        existing = {r.id: r for r in disclosure.relationships}
        unknown = [r.id for r in draft.relationships if r.id is not None and r.id not in existing]
        if unknown:
            raise StaleDisclosureError("A relationship on this disclosure was removed meanwhile: reload.")
        reset: list[int] = []
        kept: list[FinancialRelationship] = []
        for rel in draft.relationships:
            if rel.id is None:
                kept.append(_new_relationship(ctx, session, rel))
                continue
            row = existing[rel.id]
            company = company_named(ctx, session, rel.company, create=False)
            if row.company_id != company.id or row.nature != rel.nature.value:
                reset.append(row.id)
            row.company, row.nature = company, rel.nature.value
            row.started_on, row.ended_on = rel.started_on, rel.ended_on
            kept.append(row)
        removed = [rid for rid in existing if rid not in {r.id for r in kept}]
        stale_reviews = session.scalars(
            select(RelationshipReview).where(RelationshipReview.relationship_id.in_(reset + removed))
        )
        for review in stale_reviews:
            session.delete(review)
        disclosure.relationships = kept
        if disclosure.disclosed_on != draft.disclosed_on:
            months = read_settings(session).disclosure_valid_months
            disclosure.valid_until = valid_until(draft.disclosed_on, months)
        disclosure.disclosed_on = draft.disclosed_on
        disclosure.attested, disclosure.refused = draft.attested, draft.refused
        disclosure.no_relationships = draft.no_relationships
        disclosure.updated_at, disclosure.updated_by = ctx.clock(), ctx.actor.os_user
        session.flush()
        after = {
            **disclosure_snapshot(disclosure),
            "reviews_reset_for_relationships": sorted(reset + removed),
        }
        audit.record(ctx, session, "disclosure.revise", "disclosure", disclosure.id, before, after)
        return _row(disclosure, session.get_one(Person, disclosure.person_id), today)


def person_disclosures(ctx: Context, person_id: int) -> list[DisclosureRow]:
    """A person's disclosures, newest first: the first is the one that counts."""
    with ctx.db.transaction() as session:
        person = session.get(Person, person_id)
        if person is None:
            return []
        _, today = zone_and_today(ctx, session)
        rows = session.scalars(
            select(Disclosure)
            .where(Disclosure.person_id == person_id)
            .order_by(Disclosure.disclosed_on.desc(), Disclosure.id.desc())
        )
        return [_row(d, person, today) for d in rows]


def _check(draft: DisclosureInput, today: date) -> None:
    facts = [RelationshipFacts(0, r.company, r.nature, r.started_on, r.ended_on) for r in draft.relationships]
    check_disclosure(draft.disclosed_on, today, draft.refused, draft.no_relationships, facts)


def _new_relationship(ctx: Context, session: Session, rel: RelationshipInput) -> FinancialRelationship:
    company = company_named(ctx, session, rel.company, create=False)
    return FinancialRelationship(
        company=company, nature=rel.nature.value, started_on=rel.started_on, ended_on=rel.ended_on
    )


def _row(d: Disclosure, person: Person, today: date) -> DisclosureRow:
    from cme_desktop.services.standard3.facts import disclosure_facts

    return DisclosureRow(
        id=d.id,
        person_id=d.person_id,
        person_name=person_name(person),
        disclosed_on=d.disclosed_on,
        valid_until=d.valid_until,
        status=disclosure_status(disclosure_facts(d), today),
        attested=d.attested,
        no_relationships=d.no_relationships,
        refused=d.refused,
        relationships=tuple(
            RelationshipRow(
                r.id, r.company_id, r.company.name, RelationshipNature(r.nature), r.started_on, r.ended_on
            )
            for r in sorted(d.relationships, key=lambda r: r.id)
        ),
        recorded_by=d.recorded_by,
        recorded_at=d.recorded_at,
        version=d.version,
        updated_by=d.updated_by,
        updated_at=d.updated_at,
    )


def _stale_message(d: Disclosure, zone: Any) -> str:
    who = d.updated_by or "another coordinator"
    when = say_moment(d.updated_at, zone) if d.updated_at else "an unknown time"
    return f"This disclosure was changed by {who} at {when}: reload it to see their changes, then edit again."


@contextmanager
def _refusing_races(ctx: Context, disclosure_id: int) -> Iterator[None]:
    """A save that lost a race at flush time gets the same sentence as one refused up front."""
    try:
        yield
    except StaleDataError as error:
        with ctx.db.transaction() as session:
            row = session.get(Disclosure, disclosure_id)
            if row is None:
                raise StaleDisclosureError(
                    "This disclosure was removed by another coordinator: reload."
                ) from error
            raise StaleDisclosureError(_stale_message(row, zone_and_today(ctx, session)[0])) from error


# Roles ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleRow:
    id: int
    activity_id: int
    person_id: int
    person_name: str
    role: RoleInActivity


def assign_role(ctx: Context, activity_id: int, person_id: int, role: RoleInActivity) -> RoleRow:
    """Put a person in control of an activity's content as planner, faculty, reviewer, moderator or other."""
    try:
        with ctx.db.transaction() as session:
            activity = session.get(Activity, activity_id)
            person = session.get(Person, person_id)
            if activity is None or person is None:
                raise Standard3Error("That activity or person no longer exists: reload.")
            row = ActivityRole(activity_id=activity_id, person_id=person_id, role=role.value)
            session.add(row)
            session.flush()
            audit.record(
                ctx,
                session,
                "role.assign",
                "activity_role",
                row.id,
                None,
                {"activity_id": activity_id, "person_id": person_id, "role": role.value},
            )
            return RoleRow(row.id, activity_id, person_id, person_name(person), role)
    except IntegrityError as error:
        raise Standard3Error("That person already has this role in this activity.") from error


def remove_role(ctx: Context, role_id: int) -> None:
    with ctx.db.transaction() as session:
        row = session.get(ActivityRole, role_id)
        if row is None:
            return
        before = {"activity_id": row.activity_id, "person_id": row.person_id, "role": row.role}
        session.delete(row)
        audit.record(ctx, session, "role.remove", "activity_role", role_id, before, None)


def activity_roles(ctx: Context, activity_id: int) -> list[RoleRow]:
    with ctx.db.transaction() as session:
        rows = session.execute(
            select(ActivityRole, Person)
            .join(Person, Person.id == ActivityRole.person_id)
            .where(ActivityRole.activity_id == activity_id)
            .order_by(Person.last_name, Person.first_name, ActivityRole.id)
        )
        return [RoleRow(r.id, r.activity_id, p.id, person_name(p), RoleInActivity(r.role)) for r, p in rows]
