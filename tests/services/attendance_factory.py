"""An activity with sessions now, ten days ago and tomorrow, and a few learners, built straight from the models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from cme_desktop.domain.degrees import profession_for_degree
from cme_desktop.domain.names import search_name
from cme_desktop.domain.vocabulary import ActivityFormat, CreditType
from cme_desktop.services.activities.records import issue_code
from cme_desktop.services.context import Context
from cme_desktop.store.activities import Activity, ActivitySession, CreditDesignation
from cme_desktop.store.people import Person, PersonEmail, PersonPhone


@dataclass(frozen=True)
class Setting:
    activity_id: int
    now_session: int
    now_code: str
    past_session: int
    past_code: str
    future_session: int
    future_code: str
    physician: int
    nurse: int
    pharmacist: int


def add_person(ctx: Context, first: str, last: str, degree: str, email: str, phone: str | None = None) -> int:
    with ctx.db.transaction() as session:
        person = Person(
            first_name=first,
            last_name=last,
            degree=degree,
            profession=profession_for_degree(degree),
            search_name=search_name(first, last),
            created_at=ctx.clock(),
        )
        person.emails.append(PersonEmail(address=email, is_primary=True))
        if phone:
            person.phones.append(PersonPhone(e164=phone, verified=True))
        session.add(person)
        session.flush()
        return person.id


def build(
    ctx: Context, designations: tuple[str, ...] = (CreditType.AMA_PRA_1, CreditType.NURSING)
) -> Setting:
    now = ctx.clock()
    with ctx.db.transaction() as session:
        activity = Activity(title="Medicine Grand Rounds", format=ActivityFormat.RSS, created_at=now)
        for credit_type in designations:
            activity.designations.append(CreditDesignation(credit_type=credit_type, max_quarters=200))
        session.add(activity)
        session.flush()
        rows = []
        pending: set[str] = set()
        for start in (now - timedelta(minutes=30), now - timedelta(days=10), now + timedelta(days=1)):
            row = ActivitySession(
                activity_id=activity.id,
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                timezone="America/New_York",
                topic="Heart failure",
                credit_quarters=4,
            )
            session.add(row)
            issue_code(session, row, activity, now, pending)
            rows.append(row)
        session.flush()
        ids = [(r.id, r.attendance_code or "") for r in rows]
        activity_id = activity.id
    return Setting(
        activity_id,
        *ids[0],
        *ids[1],
        *ids[2],
        physician=add_person(ctx, "Jane", "Doe", "MD", "jane.doe@example.org", "+18435550101"),
        nurse=add_person(ctx, "Ray", "Moss", "RN", "ray.moss@example.org"),
        pharmacist=add_person(ctx, "Ann", "Lee", "PharmD", "ann.lee@example.org"),
    )
