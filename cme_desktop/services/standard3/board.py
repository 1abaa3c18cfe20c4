"""The review board of one activity: everyone in a Standard 3 role, their disclosure (what changed since their
previous one, and whether they submitted it themselves), where their invitation stands, and each relationship to
judge."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cme_desktop.domain.disclosure_versions import VersionChanges, compare_versions
from cme_desktop.domain.learner_statement import LearnerStatement, learner_statement
from cme_desktop.domain.standard3 import (
    EXCEPTION_LABELS,
    NATURE_LABELS,
    DisclosureStatus,
    JudgedRelationship,
    RelationshipState,
    ReviewState,
    is_owner_or_employee,
    mitigation_choices,
    mitigation_label,
    worst,
)
from cme_desktop.domain.vocabulary import ExclusionException, Mitigation, RelationshipNature, RoleInActivity
from cme_desktop.services.context import Context
from cme_desktop.services.standard3.facts import (
    activity_facts,
    disclosure_facts,
    judge_person,
    person_name,
    primary_emails,
    statement_person,
    zone_and_today,
)
from cme_desktop.services.standard3.invitations import (
    InvitationState,
    activity_next_sessions,
    invitation_states,
    need,
    person_next_session,
)
from cme_desktop.store.disclosures import ActivityRole, Disclosure, FinancialRelationship, RelationshipReview
from cme_desktop.store.invitations import DisclosureInvitation


@dataclass(frozen=True)
class BoardRelationship:
    id: int
    company: str
    nature: RelationshipNature
    nature_label: str
    started_on: date | None
    ended_on: date | None
    owner_or_employee: bool
    state: RelationshipState
    relevant: bool | None
    mitigation: Mitigation | None
    mitigation_label: str
    note: str | None
    exception: ExclusionException | None
    exception_label: str
    exception_note: str | None
    decided_by: str | None
    decided_at: datetime | None
    company_id: int = 0
    # A company the person typed on the portal that the office has not yet confirmed as ineligible.
    company_needs_review: bool = False
    # "New", or what changed since the person's previous disclosure ("Ended Jun 1, 2025; was ongoing").
    change: str = ""


@dataclass(frozen=True)
class BoardPerson:
    person_id: int
    name: str
    email: str | None
    roles: tuple[RoleInActivity, ...]
    role_ids: tuple[int, ...]
    disclosure_id: int | None
    disclosure_version: int | None
    disclosed_on: date | None
    valid_until: date | None
    status: DisclosureStatus
    state: ReviewState
    relationships: tuple[BoardRelationship, ...]
    mitigation_choices: tuple[tuple[Mitigation, str], ...]
    # Sessions they teach (speakers are faculty through the session, not a role to remove here).
    speaks_at: tuple[datetime, ...] = ()
    notes: tuple[str, ...] = ()
    # Submitted by the person on the portal (else entered by a coordinator), and when.
    from_portal: bool = False
    recorded_at: datetime | None = None
    # Their answer to "do you own or work for an ineligible company?" (None: not asked).
    owner_or_employee: bool | None = None
    # What changed since their previous disclosure (of `previous_on`), in words.
    changes: tuple[str, ...] = ()
    previous_on: date | None = None
    invitation: InvitationState | None = None
    # Whether they need a (new) disclosure before their next session here, and why.
    needs_disclosure: bool = False
    need_reason: str = ""

    @property
    def missing(self) -> bool:
        """Still to disclose: no current disclosure good for their next session here."""
        return self.needs_disclosure


@dataclass(frozen=True)
class ReviewBoard:
    activity_id: int
    title: str
    first_session_at: datetime | None
    state: ReviewState
    people: tuple[BoardPerson, ...]
    statement: LearnerStatement

    @property
    def not_answered(self) -> tuple[BoardPerson, ...]:
        """Invited, and still to disclose."""
        return tuple(p for p in self.people if p.missing and p.invitation and p.invitation.waiting)


def review_board(ctx: Context, activity_id: int) -> ReviewBoard:
    """Everyone in a role for the activity, their disclosure status, and each relationship to judge."""
    with ctx.db.transaction() as session:
        return build_board(ctx, session, activity_id)


def previous_disclosures(session: Session, latest: Iterable[Disclosure]) -> dict[int, Disclosure]:
    """For each person's disclosure in `latest`, the one just before it (by date, then by entry)."""
    latest = list(latest)
    if not latest:
        return {}
    newest = {d.person_id: d for d in latest}
    rows = session.scalars(
        select(Disclosure)
        .where(Disclosure.person_id.in_(newest), Disclosure.id.not_in([d.id for d in latest]))
        .options(selectinload(Disclosure.relationships).selectinload(FinancialRelationship.company))
        .order_by(Disclosure.disclosed_on, Disclosure.id)
    )
    found: dict[int, Disclosure] = {}
    for d in rows:
        top = newest[d.person_id]
        if (d.disclosed_on, d.id) < (top.disclosed_on, top.id):
            found[d.person_id] = d
    return found


def build_board(ctx: Context, session: Session, activity_id: int) -> ReviewBoard:
    facts = activity_facts(session, activity_id)
    _, today = zone_and_today(ctx, session)
    now = ctx.clock()
    emails = primary_emails(session, facts.people)
    invitations = invitation_states(session, activity_id, facts.people)
    next_at = activity_next_sessions(session, [activity_id], now).get(activity_id)
    latest = [e.disclosure for e in facts.people.values() if e.disclosure is not None]
    previous = previous_disclosures(session, latest)
    people = []
    for entry in facts.people.values():
        verdict = judge_person(entry, today, facts)
        roles = entry.role_kinds
        d = entry.disclosure
        changes = VersionChanges(None)
        if d is not None and entry.person.id in previous:
            changes = compare_versions(disclosure_facts(previous[entry.person.id]), disclosure_facts(d))
        rows = {r.id: r for r in d.relationships} if d else {}
        needed, reason = need(entry, person_next_session(entry, next_at, now), facts, today)
        people.append(
            BoardPerson(
                person_id=entry.person.id,
                name=person_name(entry.person),
                email=emails.get(entry.person.id),
                roles=roles,
                role_ids=tuple(rid for rid, _ in entry.roles),
                disclosure_id=d.id if d else None,
                disclosure_version=d.version if d else None,
                disclosed_on=d.disclosed_on if d else None,
                valid_until=d.valid_until if d else None,
                status=verdict.status,
                state=verdict.state,
                relationships=tuple(
                    _board_relationship(j, roles, today, rows[j.facts.id], changes)
                    for j in verdict.relationships
                ),
                mitigation_choices=tuple((m, mitigation_label(m, roles)) for m in mitigation_choices(roles)),
                speaks_at=tuple(sorted(entry.speaks_at)),
                notes=tuple(entry.notes),
                from_portal=bool(d and d.source == "portal"),
                recorded_at=d.recorded_at if d else None,
                owner_or_employee=d.owner_or_employee if d else None,
                changes=changes.lines,
                previous_on=changes.previous_on,
                invitation=invitations.get(entry.person.id),
                needs_disclosure=needed,
                need_reason=reason,
            )
        )
    verdict_state = worst(p.state for p in people) if people else ReviewState.UNASSIGNED
    statement = learner_statement([statement_person(entry) for entry in facts.people.values()])
    return ReviewBoard(
        activity_id, facts.activity.title, facts.first_session_at, verdict_state, tuple(people), statement
    )


def _board_relationship(
    judged: JudgedRelationship,
    roles: tuple[RoleInActivity, ...],
    today: date,
    row: FinancialRelationship,
    changes: VersionChanges,
) -> BoardRelationship:
    rel, review = judged.facts, judged.review
    return BoardRelationship(
        id=rel.id,
        company=rel.company,
        nature=rel.nature,
        nature_label=NATURE_LABELS[rel.nature],
        started_on=rel.started_on,
        ended_on=rel.ended_on,
        owner_or_employee=is_owner_or_employee(rel, today),
        state=judged.state,
        relevant=review.relevant if review else None,
        mitigation=review.mitigation if review else None,
        mitigation_label=mitigation_label(review.mitigation, roles) if review and review.mitigation else "",
        note=review.note if review else None,
        exception=review.exception if review else None,
        exception_label=EXCEPTION_LABELS[review.exception] if review and review.exception else "",
        exception_note=review.exception_note if review else None,
        decided_by=review.decided_by if review else None,
        decided_at=review.decided_at if review else None,
        company_id=row.company_id,
        company_needs_review=row.company.needs_review,
        change=changes.relationships.get(rel.id, ""),
    )


def disclosures_stamp(ctx: Context) -> tuple[object, ...]:
    """A cheap fingerprint of everything the review shows that another machine can change (a disclosure submitted
    on the portal, an invitation answered, another coordinator's decision): the Disclosures page polls it and
    reloads only when it moves."""
    with ctx.db.transaction() as session:
        row = session.execute(
            select(
                select(func.max(Disclosure.id)).scalar_subquery(),
                select(func.max(Disclosure.updated_at)).scalar_subquery(),
                select(func.count(RelationshipReview.id)).scalar_subquery(),
                select(func.max(RelationshipReview.decided_at)).scalar_subquery(),
                select(func.max(DisclosureInvitation.sent_at)).scalar_subquery(),
                select(func.max(DisclosureInvitation.answered_at)).scalar_subquery(),
                select(func.count(ActivityRole.id)).scalar_subquery(),
            )
        ).one()
        return tuple(row)
