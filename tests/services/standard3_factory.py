"""People, activities and sessions for the Standard 3 tests, inserted as rows (the people and activities services
belong to other capabilities)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from cme_desktop.services.context import Context
from cme_desktop.store.activities import Activity, ActivitySession, SessionFaculty
from cme_desktop.store.people import Person, PersonEmail


def add_person(
    ctx: Context, first: str, last: str, degree: str | None = "MD", email: str | None = None
) -> int:
    with ctx.db.transaction() as session:
        person = Person(
            first_name=first,
            last_name=last,
            degree=degree,
            profession="physician",
            search_name=f"{last} {first}".lower(),
            created_at=ctx.clock(),
        )
        if email:
            person.emails.append(PersonEmail(address=email, is_primary=True))
        session.add(person)
        session.flush()
        return person.id


def add_activity(ctx: Context, title: str, *session_starts: datetime) -> int:
    """An activity with one-hour sessions starting at `session_starts`."""
    with ctx.db.transaction() as session:
        activity = Activity(title=title, format="rss", created_at=ctx.clock())
        for start in session_starts:
            activity.sessions.append(
                ActivitySession(
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                    timezone="America/New_York",
                    credit_quarters=4,
                )
            )
        session.add(activity)
        session.flush()
        return activity.id


def add_speaker(ctx: Context, activity_id: int, person_id: int, starts_at: datetime) -> None:
    """`person_id` teaches the activity's session starting at `starts_at` (added if there is none)."""
    with ctx.db.transaction() as session:
        found = session.scalars(
            select(ActivitySession).where(
                ActivitySession.activity_id == activity_id, ActivitySession.starts_at == starts_at
            )
        ).first()
        if found is None:
            found = ActivitySession(
                activity_id=activity_id,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=1),
                timezone="America/New_York",
                credit_quarters=4,
            )
            session.add(found)
            session.flush()
        session.add(SessionFaculty(session_id=found.id, person_id=person_id))
