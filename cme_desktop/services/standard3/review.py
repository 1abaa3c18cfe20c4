"""Standard 3 review for one activity (DOMAIN.md, steps 2 to 5): the review board, judging each relationship's
relevance, its mitigation or an owner's exception (audited with who and when), the activity's state, and the
disclosure to learners that Present's first slide and the handout show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cme_desktop.domain.learner_statement import (
    StatementPerson,
    learner_statement,
    support_statement,
)
from cme_desktop.domain.localtime import say_moment
from cme_desktop.domain.standard3 import (
    ReviewState,
    Standard3Error,
    activity_state,
    check_review,
)
from cme_desktop.domain.vocabulary import (
    ActivityStatus,
    ExclusionException,
    Mitigation,
)
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.standard3.board import (
    ReviewBoard,
    build_board,
)
from cme_desktop.services.standard3.facts import (
    ActivityFacts,
    PersonInActivity,
    activity_facts,
    judge_person,
    load_activities,
    person_name,
    relationship_facts,
    statement_person,
    zone_and_today,
)
from cme_desktop.store.activities import Activity, CommercialSupport
from cme_desktop.store.disclosures import FinancialRelationship, RelationshipReview


@dataclass(frozen=True)
class ActivityStandard3:
    activity_id: int
    title: str
    first_session_at: datetime | None
    state: ReviewState
    problems: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.state is ReviewState.COMPLETE


@dataclass(frozen=True)
class LearnerDisclosure:
    """What learners are told before they engage (step 5). `ready` is False while the review is incomplete: the
    lines are then a draft, and `problems` says what is left, one sentence per person."""

    activity_id: int
    activity_title: str
    ready: bool
    state: ReviewState
    lines: tuple[str, ...]
    problems: tuple[str, ...]
    with_relationships: tuple[StatementPerson, ...]
    without: tuple[StatementPerson, ...]
    pending: tuple[StatementPerson, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def names_anyone(self) -> bool:
        return bool(self.with_relationships or self.without or self.pending)


def judge_relationship(
    ctx: Context,
    activity_id: int,
    relationship_id: int,
    relevant: bool,
    mitigation: Mitigation | None = None,
    note: str | None = None,
    exception: ExclusionException | None = None,
    exception_note: str | None = None,
    loaded_decided_at: datetime | None = None,
) -> ReviewBoard:
    """Record whether a relationship is relevant to this activity, how it is mitigated, and any exception for an
    owner or employee; audited with who and when. `loaded_decided_at` is the decision the coordinator saw (None
    when there was none): a decision someone else saved meanwhile is not overwritten."""
    try:
        with ctx.db.transaction() as session:
            zone, today = zone_and_today(ctx, session)
            rel = session.get(FinancialRelationship, relationship_id)
            facts = activity_facts(session, activity_id)
            entry = _holder(facts, rel)
            if rel is None or entry is None:
                raise Standard3Error(
                    "This relationship is no longer on a disclosure for this activity: reload."
                )
            note, exception_note = _clean(note), _clean(exception_note)
            mitigation = Mitigation(mitigation) if mitigation is not None else None
            exception = ExclusionException(exception) if exception is not None else None
            check_review(
                relationship_facts(rel),
                entry.role_kinds,
                today,
                relevant,
                mitigation,
                note,
                exception,
                exception_note,
            )
            review = entry.reviews.get(rel.id)
            if (review.decided_at if review else None) != loaded_decided_at:
                raise Standard3Error(_stale(review, zone))
            before = _review_snapshot(review) if review else None
            if review is None:
                review = RelationshipReview(activity_id=activity_id, relationship_id=rel.id)
                session.add(review)
            review.relevant, review.mitigation = relevant, mitigation.value if mitigation else None
            review.note, review.exception, review.exception_note = (
                note,
                exception.value if exception else None,
                exception_note,
            )
            review.decided_by, review.decided_at = ctx.actor.os_user, ctx.clock()
            session.flush()
            after = {**_review_snapshot(review), "activity_id": activity_id, "relationship_id": rel.id}
            audit.record(
                ctx, session, "disclosure_review.judge", "relationship_review", review.id, before, after
            )
            session.expire_all()
            return build_board(ctx, session, activity_id)
    except IntegrityError as error:
        raise Standard3Error(
            "Another coordinator judged this relationship at the same moment: reload."
        ) from error


def activity_standard3(ctx: Context, activity_id: int) -> ActivityStandard3:
    """Whether the activity's Standard 3 work is complete, and if not, what is left."""
    with ctx.db.transaction() as session:
        facts = activity_facts(session, activity_id)
        _, today = zone_and_today(ctx, session)
        return _summary(facts, today)


def activities_standard3(ctx: Context, include_archived: bool = False) -> list[ActivityStandard3]:
    """Every activity's Standard 3 state, the soonest first session first (those without sessions last)."""
    with ctx.db.transaction() as session:
        query = select(Activity)
        if not include_archived:
            query = query.where(Activity.status != ActivityStatus.ARCHIVED.value)
        facts = load_activities(session, list(session.scalars(query)))
        _, today = zone_and_today(ctx, session)
        summaries = [_summary(f, today) for f in facts.values()]
    return sorted(
        summaries,
        key=lambda s: (
            s.first_session_at is None,
            s.first_session_at.timestamp() if s.first_session_at else 0,
            s.title,
        ),
    )


def learner_disclosure(ctx: Context, activity_id: int) -> LearnerDisclosure:
    """The disclosure to learners for Present's first slide and the handout. Only relevant relationships appear;
    relationships judged not relevant never do. `ready` only when the activity's review is complete."""
    with ctx.db.transaction() as session:
        return learner_disclosure_in(ctx, session, activity_id)


def learner_disclosure_in(
    ctx: Context, session: Session, activity_id: int, session_id: int | None = None
) -> LearnerDisclosure:
    """`learner_disclosure` inside the caller's transaction. With `session_id`, for that session's slide: the
    activity's planners and others in a role, and that session's speakers (not every speaker of a series).

    Until everyone listed is cleared, the statement is a draft that names who is pending, never one that says
    nobody has relevant relationships (DOMAIN.md, "Disclosure to learners")."""
    facts = activity_facts(session, activity_id, session_id)
    _, today = zone_and_today(ctx, session)
    summary = _summary(facts, today)
    cleared: list[StatementPerson] = []
    pending: list[StatementPerson] = []
    for entry in facts.people.values():
        person = statement_person(entry)
        verdict = judge_person(entry, today, facts)
        (cleared if verdict.state is ReviewState.COMPLETE else pending).append(person)
    statement = learner_statement(cleared, pending)
    sources = session.execute(
        select(CommercialSupport.source, CommercialSupport.in_kind)
        .where(CommercialSupport.activity_id == activity_id)
        .order_by(CommercialSupport.id)
    ).all()
    support = support_statement([(name, bool(in_kind)) for name, in_kind in sources])
    return LearnerDisclosure(
        activity_id,
        facts.activity.title,
        summary.complete,
        summary.state,
        statement.lines + ((support,) if support else ()),
        summary.problems,
        statement.with_relationships,
        statement.without,
        statement.pending,
    )


def _holder(facts: ActivityFacts, rel: FinancialRelationship | None) -> PersonInActivity | None:
    """The person in a role whose current disclosure lists `rel`."""
    if rel is None:
        return None
    for entry in facts.people.values():
        if entry.disclosure is not None and entry.disclosure.id == rel.disclosure_id:
            return entry
    return None


_PROBLEMS = {
    ReviewState.REFUSED: "refused to disclose and cannot take part",
    ReviewState.MISSING: "has no disclosure",
    ReviewState.EXPIRED: "has an expired disclosure",
    ReviewState.EXCLUDED: "owns or works for an ineligible company: remove them or record an exception",
    ReviewState.NEEDS_REVIEW: "has relationships not yet judged for relevance",
    ReviewState.NEEDS_MITIGATION: "has relevant relationships not yet mitigated",
    ReviewState.MITIGATED_LATE: "had relevant relationships mitigated only after the first session",
}


def _summary(facts: ActivityFacts, today: date) -> ActivityStandard3:
    verdicts = [(entry, judge_person(entry, today, facts)) for entry in facts.people.values()]
    state = activity_state(v for _, v in verdicts)
    problems = [
        f"{person_name(e.person)}{' (speaker)' if e.speaks_at and not e.roles else ''} {_PROBLEMS[v.state]}."
        for e, v in verdicts
        if v.state in _PROBLEMS
    ]
    if state is ReviewState.UNASSIGNED:
        problems.insert(0, "No planners or faculty are assigned to this activity yet.")
    activity = facts.activity
    return ActivityStandard3(activity.id, activity.title, facts.first_session_at, state, tuple(problems))


def _clean(text: str | None) -> str | None:
    return text.strip() or None if text else None


def _review_snapshot(review: RelationshipReview) -> dict[str, Any]:
    return {
        "relevant": review.relevant,
        "mitigation": review.mitigation,
        "note": review.note,
        "exception": review.exception,
        "exception_note": review.exception_note,
        "decided_by": review.decided_by,
        "decided_at": review.decided_at.isoformat() if review.decided_at else None,
    }


def _stale(review: RelationshipReview | None, zone: Any) -> str:
    if review is None:
        return "The decision on this relationship was cleared by another coordinator: reload."
    return (
        f"This relationship's review was changed by {review.decided_by} at {say_moment(review.decided_at, zone)}:"
        " reload it to see their decision, then judge again."
    )
