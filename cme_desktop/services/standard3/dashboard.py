"""The disclosures dashboard: whose disclosure expires soon, and who teaches or plans an upcoming session without a
current one, with their emails ready to copy into a reminder and where their newest invitation to disclose stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from cme_desktop.domain.standard3 import EXPIRING_SOON_DAYS
from cme_desktop.domain.vocabulary import SessionStatus
from cme_desktop.services.context import Context
from cme_desktop.services.standard3.facts import (
    latest_disclosures,
    person_name,
    primary_emails,
    zone_and_today,
)
from cme_desktop.services.standard3.invitations import InvitationState, invitation_states
from cme_desktop.store.activities import Activity, ActivitySession, SessionFaculty
from cme_desktop.store.disclosures import ActivityRole, Disclosure
from cme_desktop.store.people import Person


@dataclass(frozen=True)
class DashboardPerson:
    person_id: int
    name: str
    email: str | None
    problem: str  # "expires in 12 days", "missing", "expired", "refused", "expires before the session"
    valid_until: date | None
    activities: tuple[str, ...]
    next_session_at: datetime | None
    invitation: InvitationState | None = None  # their newest invitation to disclose, for any activity


@dataclass(frozen=True)
class Dashboard:
    expiring: tuple[DashboardPerson, ...]
    missing: tuple[DashboardPerson, ...]
    days: int

    @staticmethod
    def emails(people: tuple[DashboardPerson, ...]) -> str:
        """Addresses to paste into an email's To line, each once."""
        return "; ".join(dict.fromkeys(p.email for p in people if p.email))


def dashboard(ctx: Context, days: int = EXPIRING_SOON_DAYS) -> Dashboard:
    """Disclosures expiring in the next `days` days, and people in a role for a session in the next `days` days
    whose disclosure is missing, refused, expired, or will have expired by the session."""
    with ctx.db.transaction() as session:
        zone, today = zone_and_today(ctx, session)
        now = ctx.clock()
        horizon = now + timedelta(days=days)
        still_to_come = (
            ActivitySession.starts_at >= now,
            ActivitySession.status != SessionStatus.CANCELLED.value,
        )
        in_a_role = session.execute(
            select(ActivityRole.person_id, Activity.title, ActivitySession.starts_at)
            .join(Activity, Activity.id == ActivityRole.activity_id)
            .join(ActivitySession, ActivitySession.activity_id == Activity.id)
            .where(*still_to_come)
        ).all()
        # Session speakers are faculty for the sessions they teach (DOMAIN.md, "Disclosure").
        speaking = session.execute(
            select(SessionFaculty.person_id, Activity.title, ActivitySession.starts_at)
            .join(ActivitySession, ActivitySession.id == SessionFaculty.session_id)
            .join(Activity, Activity.id == ActivitySession.activity_id)
            .where(*still_to_come)
        ).all()
        upcoming = sorted([*in_a_role, *speaking], key=lambda row: row[2])
        next_session: dict[int, datetime] = {}
        last_soon: dict[int, datetime] = {}  # a disclosure must stay current through the last of them
        titles: dict[int, list[str]] = {}
        for person_id, title, starts_at in upcoming:
            next_session.setdefault(person_id, starts_at)
            if starts_at < horizon:
                last_soon[person_id] = starts_at
            if title not in titles.setdefault(person_id, []):
                titles[person_id].append(title)
        soon = set(last_soon)
        disclosures = latest_disclosures(session, set(next_session))
        last_day = today + timedelta(days=days)
        candidates = session.scalars(
            select(Disclosure.person_id).where(
                Disclosure.valid_until >= today, Disclosure.valid_until <= last_day
            )
        )
        # A person's older disclosure expiring soon does not matter once a newer one is on file.
        expiring_rows = latest_disclosures(session, set(candidates))
        people_ids = set(expiring_rows) | soon
        people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(people_ids)))}
        emails = primary_emails(session, people_ids)
        invitations = invitation_states(session, None, people_ids)

        def entry(pid: int, problem: str, valid: date | None) -> DashboardPerson:
            return DashboardPerson(
                pid,
                person_name(people[pid]),
                emails.get(pid),
                problem,
                valid,
                tuple(titles.get(pid, ())),
                next_session.get(pid),
                invitations.get(pid),
            )

        expiring = []
        for pid, d in expiring_rows.items():
            if not d.refused and today <= d.valid_until <= last_day:
                left = (d.valid_until - today).days
                expiring.append(
                    entry(pid, "expires today" if left == 0 else f"expires in {left} days", d.valid_until)
                )
        missing = []
        for pid in soon:
            latest = disclosures.get(pid)
            session_day = last_soon[pid].astimezone(zone).date()
            if latest is None:
                missing.append(entry(pid, "missing", None))
            elif latest.refused:
                missing.append(entry(pid, "refused", None))
            elif latest.valid_until < today:
                missing.append(entry(pid, "expired", latest.valid_until))
            elif latest.valid_until < session_day:
                missing.append(entry(pid, "expires before the session", latest.valid_until))
    expiring.sort(key=lambda p: (p.valid_until or today, p.name))
    missing.sort(key=lambda p: (p.next_session_at or now, p.name))
    return Dashboard(tuple(expiring), tuple(missing), days)
