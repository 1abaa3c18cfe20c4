"""Inviting an activity's planners, faculty, reviewers and session speakers to disclose for themselves on the portal:
who needs to, the email (previewed before it goes), sending and resending, and who has not answered.

Each mail carries its own link (links.py). Sending happens outside the database transaction, so a slow mail
server holds no lock; what went and what failed is recorded after, and audited.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cme_desktop.domain.standard3 import DisclosureStatus, Standard3Error
from cme_desktop.domain.vocabulary import RoleInActivity, SessionStatus
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import read_settings
from cme_desktop.services.standard3.facts import (
    ActivityFacts,
    PersonInActivity,
    load_activities,
    person_name,
    primary_emails,
    zone_and_today,
)
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.invitations import DisclosureInvitation, DisclosureLink

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InvitationState:
    """The newest invitation of one person for one activity."""

    id: int
    email: str
    invited_at: datetime
    sent_at: datetime | None
    sends: int
    failure: str | None
    answered_at: datetime | None
    opened_at: datetime | None
    reminded_at: datetime | None
    link_expires_at: datetime | None

    @property
    def waiting(self) -> bool:
        """Sent and not answered: the person has been asked and has not yet disclosed."""
        return self.sent_at is not None and self.answered_at is None


@dataclass(frozen=True)
class Invitee:
    person_id: int
    name: str
    email: str | None
    roles: tuple[RoleInActivity, ...]
    status: DisclosureStatus
    valid_until: date | None
    next_session_at: datetime | None
    needs_disclosure: bool
    reason: str  # "no disclosure on file", "expired Oct 1, 2026", "current until ...", ...
    invitation: InvitationState | None

    @property
    def suggested(self) -> bool:
        """Ticked when the coordinator opens the invitation dialog: needs a disclosure and was not yet asked."""
        return (
            self.needs_disclosure
            and bool(self.email)
            and (self.invitation is None or not self.invitation.waiting)
        )


@dataclass(frozen=True)
class InvitationList:
    activity_id: int
    title: str
    invitees: tuple[Invitee, ...]
    portal_problem: str | None  # why invitations cannot go yet (no portal address), else None

    @property
    def missing(self) -> tuple[Invitee, ...]:
        return tuple(i for i in self.invitees if i.needs_disclosure)

    @property
    def not_answered(self) -> tuple[Invitee, ...]:
        return tuple(i for i in self.invitees if i.needs_disclosure and i.invitation and i.invitation.waiting)


def _day(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def activity_next_sessions(
    session: Session, activity_ids: Iterable[int], after: datetime
) -> dict[int, datetime]:
    """Each activity's next session not cancelled, starting after `after`."""
    rows = session.execute(
        select(ActivitySession.activity_id, func.min(ActivitySession.starts_at))
        .where(
            ActivitySession.activity_id.in_(set(activity_ids)),
            ActivitySession.status != SessionStatus.CANCELLED.value,
            ActivitySession.starts_at > after,
        )
        .group_by(ActivitySession.activity_id)
    )
    return {activity_id: at for activity_id, at in rows if at is not None}


def person_next_session(
    entry: PersonInActivity, activity_next: datetime | None, after: datetime
) -> datetime | None:
    """When they next control content: the activity's next session, or a speaker's own next one."""
    if entry.roles or not entry.speaks_at:
        return activity_next
    return min((at for at in entry.speaks_at if at > after), default=None)


def need(
    entry: PersonInActivity, next_at: datetime | None, facts: ActivityFacts, today: date
) -> tuple[bool, str]:
    """Whether they need a (new) disclosure before `next_at`, and why, in a few words."""
    d = entry.disclosure
    if d is None:
        return True, "no disclosure on file"
    if d.refused:
        return False, f"declined to disclose on {_day(d.disclosed_on)}"
    if d.valid_until < today:
        return True, f"expired {_day(d.valid_until)}"
    session_day = next_at.astimezone(facts.zone).date() if next_at else today
    if d.valid_until < session_day:
        return True, f"current until {_day(d.valid_until)}, before their session on {_day(session_day)}"
    return False, f"current until {_day(d.valid_until)}"


def invitation_states(
    session: Session, activity_id: int | None, person_ids: Iterable[int]
) -> dict[int, InvitationState]:
    """The newest invitation of each person for the activity (for any activity when `activity_id` is None), with
    its links' latest expiry and opening."""
    for_activity = () if activity_id is None else (DisclosureInvitation.activity_id == activity_id,)
    rows = session.execute(
        select(
            DisclosureInvitation,
            func.max(DisclosureLink.expires_at),
            func.max(DisclosureLink.opened_at),
        )
        .outerjoin(DisclosureLink, DisclosureLink.invitation_id == DisclosureInvitation.id)
        .where(*for_activity, DisclosureInvitation.person_id.in_(set(person_ids)))
        .group_by(DisclosureInvitation.id)
        .order_by(DisclosureInvitation.invited_at, DisclosureInvitation.id)
    )
    states: dict[int, InvitationState] = {}
    for invitation, expires, opened in rows:
        reminded = max((t for t in (invitation.reminded_7_at, invitation.reminded_3_at) if t), default=None)
        states[invitation.person_id] = InvitationState(
            invitation.id,
            invitation.email,
            invitation.invited_at,
            invitation.sent_at,
            invitation.sends,
            invitation.failure,
            invitation.answered_at,
            _utc(opened),
            reminded,
            _utc(expires),
        )
    return states


def _utc(value: datetime | None) -> datetime | None:
    """max() over a UTC column comes back naive from SQLite."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def invitation_list(ctx: Context, activity_id: int) -> InvitationList:
    """Everyone in a Standard 3 role of the activity (speakers included), whether they need to disclose, and
    where their invitation stands."""
    with ctx.db.transaction() as session:
        activity = session.get(Activity, activity_id)
        if activity is None:
            raise Standard3Error("That activity no longer exists: reload.")
        settings = read_settings(session)
        _, today = zone_and_today(ctx, session)
        now = ctx.clock()
        facts = load_activities(session, [activity])[activity_id]
        nexts = activity_next_sessions(session, [activity_id], now)
        emails = primary_emails(session, facts.people)
        states = invitation_states(session, activity_id, facts.people)
        invitees = []
        for pid, entry in facts.people.items():
            next_at = person_next_session(entry, nexts.get(activity_id), now)
            needed, reason = need(entry, next_at, facts, today)
            d = entry.disclosure
            status = DisclosureStatus.MISSING
            if d is not None:
                status = (
                    DisclosureStatus.REFUSED
                    if d.refused
                    else DisclosureStatus.EXPIRED
                    if d.valid_until < today
                    else DisclosureStatus.CURRENT
                )
            invitees.append(
                Invitee(
                    pid,
                    person_name(entry.person),
                    emails.get(pid),
                    entry.role_kinds,
                    status,
                    d.valid_until if d else None,
                    next_at,
                    needed,
                    reason,
                    states.get(pid),
                )
            )
        problem = None
        if not settings.portal_url.strip():
            problem = (
                "Set the portal address first (Settings, Office: 'Portal address'): invitations link to the "
                "portal."
            )
        return InvitationList(activity_id, activity.title, tuple(invitees), problem)


def close_invitations(session: Session, person_id: int, now: datetime) -> None:
    """A disclosure (or a refusal) is in: every open invitation of the person is answered."""
    for invitation in session.scalars(
        select(DisclosureInvitation).where(
            DisclosureInvitation.person_id == person_id, DisclosureInvitation.answered_at.is_(None)
        )
    ):
        invitation.answered_at = now
