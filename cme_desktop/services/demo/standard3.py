"""The demo's Standard 3 work: planners and faculty in roles, their disclosures, and a review part done.

Grand Rounds is complete (one consultant relationship judged relevant and mitigated by peer review); the course
still needs work (a faculty member has not disclosed, a relationship awaits review), so every state shows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.clock import frozen_clock
from cme_desktop.domain.degrees import profession_for_degree
from cme_desktop.domain.names import search_name
from cme_desktop.domain.vocabulary import Mitigation, RelationshipNature, RoleInActivity
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.standard3.disclosures import (
    DisclosureInput,
    RelationshipInput,
    assign_role,
    enter_disclosure,
    judge_relationship,
)
from cme_desktop.store.activities import Activity
from cme_desktop.store.disclosures import ActivityRole
from cme_desktop.store.people import Person, PersonEmail

# (first, last, degree, email)
FACULTY = (
    ("Rebecca", "Tran", "MD", "rebecca.tran@lowcountry.edu"),
    ("Samuel", "Okoye", "MD", "samuel.okoye@lowcountry.edu"),
    ("Laura", "Bennett", "MD", "laura.bennett@lowcountry.edu"),
    ("Arjun", "Mehta", "MD", "arjun.mehta@lowcountry.edu"),
    ("Helen", "Park", "DO", "helen.park@lowcountry.edu"),
    ("Marcus", "Greene", "MD", "marcus.greene@lowcountry.edu"),
)


def faculty_people(session: Session, now: datetime) -> dict[str, int]:
    """The demo's planners and faculty (and session speakers), by last name; made once."""
    people = {}
    for first, last, degree, email in FACULTY:
        existing = session.scalar(select(PersonEmail.person_id).where(PersonEmail.address == email))
        if existing is None:  # an older demo file may hold them under other addresses
            existing = session.scalar(
                select(Person.id).where(Person.search_name == search_name(first, last)).order_by(Person.id)
            )
        if existing is None:
            person = Person(
                first_name=first,
                last_name=last,
                degree=degree,
                profession=profession_for_degree(degree),
                search_name=search_name(first, last),
                created_at=now,
            )
            person.emails.append(PersonEmail(address=email, is_primary=True))
            session.add(person)
            session.flush()
            existing = person.id
        people[last] = existing
    return people


def fill_standard3(ctx: Context, rounds_title: str, course_title: str) -> None:
    """Roles and disclosures for the two demo activities; does nothing once roles exist."""
    with ctx.db.transaction() as session:
        activities = dict(
            session.execute(
                select(Activity.title, Activity.id).where(Activity.title.in_([rounds_title, course_title]))
            ).all()
        )
        if session.scalar(select(ActivityRole.id).where(ActivityRole.activity_id.in_(activities.values()))):
            return
        people = faculty_people(session, ctx.clock())
    rounds, course = activities[rounds_title], activities[course_title]
    today = ctx.clock().astimezone(office_zone(ctx)).date()
    for last, activity, role in (
        ("Tran", rounds, RoleInActivity.PLANNER),
        ("Okoye", rounds, RoleInActivity.FACULTY),
        ("Bennett", rounds, RoleInActivity.FACULTY),
        ("Park", rounds, RoleInActivity.FACULTY),
        ("Greene", course, RoleInActivity.PLANNER),
        ("Mehta", course, RoleInActivity.FACULTY),
        ("Bennett", course, RoleInActivity.FACULTY),
    ):
        assign_role(ctx, activity, people[last], role)
    long_ago = today - timedelta(weeks=WEEKS_BEFORE)
    for last in ("Tran", "Okoye", "Park", "Greene"):
        enter_disclosure(ctx, DisclosureInput(people[last], long_ago, attested=True, no_relationships=True))
    bennett = enter_disclosure(
        ctx,
        DisclosureInput(
            people["Bennett"],
            long_ago,
            attested=True,
            relationships=(
                RelationshipInput("Acme Cardiac Devices", RelationshipNature.CONSULTANT, date(2025, 3, 1)),
            ),
        ),
    )
    # Judged for Grand Rounds before its first session (so it is complete); the course's review is still to do.
    judged = replace(
        ctx, clock=frozen_clock(datetime.combine(long_ago + timedelta(weeks=2), time(10), office_zone(ctx)))
    )
    judge_relationship(
        judged,
        rounds,
        bennett.relationships[0].id,
        relevant=True,
        mitigation=Mitigation.PEER_REVIEW,
        note="Slides reviewed by Dr. Tran for balance and evidence; no changes needed.",
    )


WEEKS_BEFORE = 20  # disclosures collected well before the series' first session in the demo
