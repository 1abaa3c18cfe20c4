"""A faculty member or planner disclosing for themselves on the portal (DOMAIN.md, "Disclosure"): the form with
what they saved or disclosed last, drafts, and submitting. Each submission is a new disclosure (the earlier ones
are kept); a reviewer's decision on a relationship that did not change stands for the new version.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from cme_desktop.domain.disclosure_versions import VersionChanges, compare_versions
from cme_desktop.domain.self_disclosure import (
    ENDED,
    NONE,
    ONGOING,
    SOME,
    FormAnswers,
    RelationshipLine,
    check_answers,
)
from cme_desktop.domain.standard3 import (
    NATURE_LABELS,
    DisclosureStatus,
    Standard3Error,
    disclosure_status,
    valid_until,
)
from cme_desktop.domain.vocabulary import ActivityStatus, RelationshipNature, RoleInActivity, SessionStatus
from cme_desktop.services import audit
from cme_desktop.services.context import Actor, Context
from cme_desktop.services.office.settings import read_settings
from cme_desktop.services.standard3.companies import companies, company_typed
from cme_desktop.services.standard3.facts import disclosure_facts, disclosure_snapshot, person_name
from cme_desktop.services.standard3.invitation_mail import roles_text
from cme_desktop.services.standard3.invitations import activity_next_sessions, close_invitations
from cme_desktop.services.standard3.links import contact
from cme_desktop.store.activities import Activity, ActivitySession, SessionFaculty
from cme_desktop.store.disclosures import ActivityRole, Disclosure, FinancialRelationship, RelationshipReview
from cme_desktop.store.invitations import DisclosureDraft
from cme_desktop.store.people import Person

PORTAL = "portal"


@dataclass(frozen=True)
class VersionRow:
    """One of the person's disclosures, newest first; only the newest counts."""

    id: int
    disclosed_on: date
    valid_until: date
    status: DisclosureStatus
    latest: bool
    from_portal: bool
    summary: str


@dataclass(frozen=True)
class RoleLine:
    activity: str
    roles: str  # "faculty", "a planner and faculty"
    next_session_at: datetime | None


@dataclass(frozen=True)
class DisclosureForm:
    person_id: int
    name: str
    companies: tuple[str, ...]
    answers: FormAnswers
    draft_saved_at: datetime | None
    history: tuple[VersionRow, ...]
    roles: tuple[RoleLine, ...]
    valid_months: int
    today: date
    zone: ZoneInfo
    office: str
    contact: str

    @property
    def current(self) -> VersionRow | None:
        latest = self.history[0] if self.history else None
        return latest if latest and latest.status is DisclosureStatus.CURRENT else None


@dataclass(frozen=True)
class Submitted:
    disclosure_id: int
    disclosed_on: date
    valid_until: date
    refused: bool
    changes: VersionChanges


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise Standard3Error("Your profile is no longer on file: ask the CME office.")
    return person


def _today(ctx: Context, zone: ZoneInfo) -> date:
    return ctx.clock().astimezone(zone).date()


def disclosure_form(ctx: Context, person_id: int) -> DisclosureForm:
    """What the person's form shows: their draft, else their newest disclosure to revise, else a blank form."""
    names = tuple(c.name for c in companies(ctx, include_unchecked=False))
    with ctx.db.transaction() as session:
        settings = read_settings(session)
        zone = settings.zone
        today = _today(ctx, zone)
        person = _person(session, person_id)
        versions = list(
            session.scalars(
                select(Disclosure)
                .where(Disclosure.person_id == person_id)
                .options(selectinload(Disclosure.relationships).selectinload(FinancialRelationship.company))
                .order_by(Disclosure.disclosed_on.desc(), Disclosure.id.desc())
            )
        )
        draft = session.scalars(
            select(DisclosureDraft)
            .where(DisclosureDraft.person_id == person_id)
            .order_by(DisclosureDraft.saved_at.desc(), DisclosureDraft.id.desc())
        ).first()
        if draft is not None:
            answers = FormAnswers.from_json(draft.content)
        elif versions and not versions[0].refused:
            answers = _answers_from(versions[0])
        else:
            answers = FormAnswers()
        history = tuple(_version_row(d, i == 0, today) for i, d in enumerate(versions))
        return DisclosureForm(
            person_id,
            person_name(person),
            names,
            answers,
            draft.saved_at if draft else None,
            history,
            _roles(ctx, session, person_id),
            settings.disclosure_valid_months,
            today,
            zone,
            settings.provider_name or "The CME office",
            contact(settings),
        )


def _answers_from(d: Disclosure) -> FormAnswers:
    lines = tuple(
        RelationshipLine(
            r.company.name,
            r.nature,
            ENDED if r.ended_on else ONGOING,
            f"{r.started_on:%m/%d/%Y}" if r.started_on else "",
            f"{r.ended_on:%m/%d/%Y}" if r.ended_on else "",
        )
        for r in sorted(d.relationships, key=lambda r: r.id)
    )
    owner = {True: "yes", False: "no", None: ""}[d.owner_or_employee]
    return FormAnswers(NONE if d.no_relationships else SOME, owner, lines)


def _version_row(d: Disclosure, latest: bool, today: date) -> VersionRow:
    if d.refused:
        summary = "Declined to disclose"
    elif d.no_relationships:
        summary = "No financial relationships with ineligible companies"
    else:
        rels = sorted(d.relationships, key=lambda r: r.id)
        summary = "; ".join(f"{r.company.name} ({NATURE_LABELS[RelationshipNature(r.nature)]})" for r in rels)
    status = disclosure_status(disclosure_facts(d), today)
    return VersionRow(d.id, d.disclosed_on, d.valid_until, status, latest, d.source == PORTAL, summary)


def _roles(ctx: Context, session: Session, person_id: int) -> tuple[RoleLine, ...]:
    """The activities still to come (or not yet scheduled) in which the person controls content."""
    now = ctx.clock()
    kinds: dict[int, set[RoleInActivity]] = {}
    for activity_id, role in session.execute(
        select(ActivityRole.activity_id, ActivityRole.role).where(ActivityRole.person_id == person_id)
    ):
        kinds.setdefault(activity_id, set()).add(RoleInActivity(role))
    standing = set(kinds)  # a role in the whole activity, not only in sessions they speak at
    speaking = session.execute(
        select(ActivitySession.activity_id, ActivitySession.starts_at)
        .join(SessionFaculty, SessionFaculty.session_id == ActivitySession.id)
        .where(
            SessionFaculty.person_id == person_id,
            ActivitySession.status != SessionStatus.CANCELLED.value,
            ActivitySession.starts_at > now,
        )
    ).all()
    own_next: dict[int, datetime] = {}
    for activity_id, at in speaking:
        kinds.setdefault(activity_id, set()).add(RoleInActivity.FACULTY)
        own_next[activity_id] = min(at, own_next.get(activity_id, at))
    if not kinds:
        return ()
    nexts = activity_next_sessions(session, kinds, now)
    scheduled = set(
        session.scalars(select(ActivitySession.activity_id).where(ActivitySession.activity_id.in_(kinds)))
    )
    order = list(RoleInActivity)
    lines = []
    for activity in session.scalars(
        select(Activity).where(Activity.id.in_(kinds), Activity.status != ActivityStatus.ARCHIVED.value)
    ):
        next_at = nexts.get(activity.id) if activity.id in standing else own_next.get(activity.id)
        if next_at is None and activity.id in scheduled:
            continue  # every session is over
        roles = tuple(sorted(kinds[activity.id], key=order.index))
        lines.append(RoleLine(activity.title, roles_text(roles), next_at))
    lines.sort(key=lambda line: (line.next_session_at is None, line.next_session_at or now, line.activity))
    return tuple(lines)


def save_draft(ctx: Context, person_id: int, answers: FormAnswers) -> datetime:
    """Keep the form as it is, to finish later; a draft counts for nothing in the review."""
    now = ctx.clock()
    with ctx.db.transaction() as session:
        _person(session, person_id)
        session.execute(delete(DisclosureDraft).where(DisclosureDraft.person_id == person_id))
        session.add(DisclosureDraft(person_id=person_id, content=answers.as_json(), saved_at=now))
    return now


def submit_disclosure(
    ctx: Context, person_id: int, answers: FormAnswers, identity: str | None = None
) -> Submitted:
    """The person's disclosure of today, a new version (FormProblems when the form is not complete). The audit
    log names `identity` (the portal's, e.g. 'portal: ann@example.org'), else 'portal: <their name>'."""
    now = ctx.clock()
    with ctx.db.transaction() as session:
        settings = read_settings(session)
        today = _today(ctx, settings.zone)
        checked = check_answers(answers, today)
        person = _person(session, person_id)
        who = f"{person_name(person)} (portal)"[:120]
        acting = replace(
            ctx, actor=Actor((identity or f"portal: {person_name(person)}")[:120], ctx.actor.machine)
        )
        previous = session.scalars(
            select(Disclosure)
            .where(Disclosure.person_id == person_id)
            .options(selectinload(Disclosure.relationships).selectinload(FinancialRelationship.company))
            .order_by(Disclosure.disclosed_on.desc(), Disclosure.id.desc())
        ).first()
        disclosure = Disclosure(
            person_id=person_id,
            disclosed_on=today,
            valid_until=valid_until(today, settings.disclosure_valid_months),
            attested=checked.attested,
            no_relationships=checked.no_relationships,
            refused=checked.refused,
            owner_or_employee=checked.owner_or_employee,
            source=PORTAL,
            recorded_at=now,
            recorded_by=who,
            updated_at=now,
            updated_by=who,
        )
        for rel in checked.relationships:
            disclosure.relationships.append(
                FinancialRelationship(
                    company=company_typed(acting, session, rel.company),
                    nature=rel.nature.value,
                    started_on=rel.started_on,
                    ended_on=rel.ended_on,
                )
            )
        session.add(disclosure)
        session.flush()
        changes = compare_versions(
            disclosure_facts(previous) if previous else None, disclosure_facts(disclosure)
        )
        audit.record(
            acting,
            session,
            "disclosure.submit",
            "disclosure",
            disclosure.id,
            None,
            {**disclosure_snapshot(disclosure), "changes": list(changes.lines)},
        )
        _carry_reviews(acting, session, changes)
        session.execute(delete(DisclosureDraft).where(DisclosureDraft.person_id == person_id))
        close_invitations(session, person_id, now)
        return Submitted(
            disclosure.id, disclosure.disclosed_on, disclosure.valid_until, disclosure.refused, changes
        )


def _carry_reviews(ctx: Context, session: Session, changes: VersionChanges) -> None:
    """A reviewer's decisions on a relationship that is unchanged in the new version stand for it (audited)."""
    if not changes.unchanged:
        return
    old_to_new = {old: new for new, old in changes.unchanged.items()}
    for review in list(
        session.scalars(select(RelationshipReview).where(RelationshipReview.relationship_id.in_(old_to_new)))
    ):
        carried = RelationshipReview(
            activity_id=review.activity_id,
            relationship_id=old_to_new[review.relationship_id],
            relevant=review.relevant,
            mitigation=review.mitigation,
            note=review.note,
            exception=review.exception,
            exception_note=review.exception_note,
            decided_by=review.decided_by,
            decided_at=review.decided_at,
        )
        session.add(carried)
        session.flush()
        audit.record(
            ctx,
            session,
            "disclosure_review.carry_over",
            "relationship_review",
            carried.id,
            None,
            {
                "activity_id": review.activity_id,
                "relationship_id": carried.relationship_id,
                "from_relationship_id": review.relationship_id,
                "relevant": review.relevant,
                "mitigation": review.mitigation,
            },
        )
