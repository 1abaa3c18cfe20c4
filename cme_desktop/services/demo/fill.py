"""Realistic demo data: a weekly Medicine Grand Rounds with a session today, a two-day course, about 300
people of mixed professions, and a history of attendance. Safe to repeat: nothing is duplicated, and a run on a
later day adds that day's session."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cme_desktop.domain.credits import quarters_for_duration
from cme_desktop.domain.degrees import profession_for_degree
from cme_desktop.domain.identifiers import npi_check_digit
from cme_desktop.domain.names import search_name
from cme_desktop.domain.vocabulary import ActivityFormat, CreditType
from cme_desktop.services.activities.records import issue_code
from cme_desktop.services.context import Context
from cme_desktop.services.demo.attendance import history
from cme_desktop.services.demo.reporting import fill_reporting
from cme_desktop.services.demo.standard3 import faculty_people
from cme_desktop.services.office import settings as office
from cme_desktop.services.office.settings import office_zone
from cme_desktop.store.activities import Activity, ActivitySession, CreditDesignation, SessionFaculty
from cme_desktop.store.people import BoardId, Person, PersonEmail, PersonPhone, StateLicense

GRAND_ROUNDS = "Medicine Grand Rounds"
COURSE = "Cardiology Update: A Two-Day Course"
PEOPLE = 300
WEEKS_BACK = 12
WEEKS_AHEAD = 12

FIRST = [
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Christopher",
    "Lisa",
    "Daniel",
    "Nancy",
    "Matthew",
    "Betty",
    "Anthony",
    "Sandra",
    "Mark",
    "Ashley",
    "Priya",
    "Wei",
    "Aisha",
    "Carlos",
    "Mei",
    "Olumide",
    "Fatima",
    "Hiroshi",
    "Sofia",
    "Mateo",
    "Chidi",
    "Ananya",
    "Diego",
    "Yuki",
    "Omar",
    "Leila",
    "Nikhil",
    "Ingrid",
    "Tomás",
    "Zoë",
    "Renée",
    "José",
]
LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Patel",
    "Chen",
    "Okafor",
    "Kim",
    "O'Brien",
    "Núñez",
    "Haddad",
    "Kowalski",
    "Ivanova",
    "Singh",
]
DEGREES = (
    ("MD",) * 45 + ("DO",) * 8 + ("RN",) * 20 + ("PharmD",) * 8 + ("PA",) * 7 + ("NP",) * 7 + ("PhD",) * 5
)
TOPICS = (
    "Heart Failure with Preserved Ejection Fraction",
    "Sepsis Bundles: What Still Matters",
    "Managing Type 2 Diabetes in 2026",
    "Anticoagulation in Atrial Fibrillation",
    "Diagnostic Errors and How to Avoid Them",
    "Chronic Kidney Disease: Slowing Progression",
    "Hypertension Guidelines Update",
    "Opioid Stewardship in Hospital Medicine",
    "COPD Exacerbations",
    "Antimicrobial Resistance on the Wards",
    "Palliative Care Conversations",
    "Obesity Medicine for the Internist",
    "Interpreting Thyroid Function Tests",
    "Delirium in Older Adults",
    "Point-of-Care Ultrasound",
    "Health Equity in Primary Care",
)
# Grand rounds speakers in turn (last names of the demo faculty, services/demo/standard3.py): each has a profile
# and a current disclosure, so the series' Standard 3 review is complete.
SPEAKERS = ("Tran", "Okoye", "Bennett", "Park", "Greene")
# The course: two days of instruction with breaks and lunch, which earn no credit (DOMAIN.md, "Credit").
COURSE_DAYS = (
    (time(8), time(16, 30), 90, ("Greene", "Mehta")),
    (time(8), time(15), 60, ("Bennett", "Park")),
)
OFFICE = {
    "provider_name": "Lowcountry Medical University Office of CME",
    "provider_address": "171 Ashley Avenue, Charleston, SC 29425 · cme.example.edu",
    "physician_accreditor": "ACCME",
    "nursing_accreditation": "accredited",
    "acpe_accredited": True,
    "texting_number": "+18335582111",
    "portal_url": "https://cme.example.edu",
    "help_contact": "cme@example.edu",
}


@dataclass(frozen=True)
class DemoReport:
    people_added: int
    sessions_added: int
    claims_added: int


def fill_demo(ctx: Context, people: int = PEOPLE, seed: int = 2026) -> DemoReport:
    """Add the demo office's data to the database, leaving whatever is already there."""
    rng = random.Random(seed)
    settings = office.load_settings(ctx)
    if not settings.accreditation.declared:
        # The demo office holds the accreditations its designations need: ACCME, ANCC and ACPE.
        office.update_settings(ctx, {k: v for k, v in OFFICE.items() if not getattr(settings, k)})
    zone = office_zone(ctx)
    now = ctx.clock()
    today = now.astimezone(zone).date()
    with ctx.db.transaction() as session:
        added_people = _people(session, rng, people, now)
        faculty = faculty_people(session, now)
        rounds = _activity(session, GRAND_ROUNDS, ActivityFormat.RSS, now, rounds=True)
        course = _activity(session, COURSE, ActivityFormat.LIVE_COURSE, now, rounds=False)
        pending: set[str] = set()
        new_sessions: list[ActivitySession] = []
        for week in range(-WEEKS_BACK, WEEKS_AHEAD + 1):
            day = today + timedelta(weeks=week)
            topic = TOPICS[(day.toordinal() // 7) % len(TOPICS)]
            speaker = SPEAKERS[(day.toordinal() // 7) % len(SPEAKERS)]
            new_sessions += _session(
                session,
                rounds,
                day,
                (time(12), time(13), 0),
                zone.key,
                topic,
                [faculty[speaker]],
                "Storm Eye Auditorium",
                now,
                pending,
            )
        course_start = today + timedelta(days=10)
        for offset, (start, end, breaks, speakers) in enumerate(COURSE_DAYS):
            new_sessions += _session(
                session,
                course,
                course_start + timedelta(days=offset),
                (start, end, breaks),
                zone.key,
                f"Day {offset + 1}",
                [faculty[last] for last in speakers],
                "Drug Discovery Building 110",
                now,
                pending,
            )
        session.flush()
        _designate(session, rounds, course, today - timedelta(weeks=WEEKS_BACK + 4), zone)
        fill_reporting(session, rounds)
        claims = history(session, rng, [s for s in new_sessions if s.ends_at < now])
    from cme_desktop.services.demo.certificates import fill_certificates
    from cme_desktop.services.demo.standard3 import fill_standard3

    fill_standard3(ctx, GRAND_ROUNDS, COURSE)
    fill_certificates(ctx, GRAND_ROUNDS)
    return DemoReport(added_people, len(new_sessions), claims)


def _people(session: Session, rng: random.Random, count: int, now: datetime) -> int:
    # What is already taken: a demo file filled by an older version of this function has other people, and
    # the new ones must not collide with them on any unique field.
    existing = set(session.scalars(select(PersonEmail.address)))
    taken = {v for row in session.execute(select(Person.netid, Person.npi)) for v in row if v}
    taken |= set(session.scalars(select(PersonPhone.e164)))
    added = 0
    for index in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        degree = rng.choice(DEGREES)
        staff = rng.random() < 0.7
        handle = search_name(first, last).split()
        email = f"{handle[-1]}.{handle[0]}{index}@{'lowcountry.edu' if staff else 'example.org'}"
        wants_phone = rng.random() < 0.4
        phone_number = f"+1843555{index:04d}"
        birth = (rng.randint(1, 12), rng.randint(1, 28))
        npi_base = f"1{rng.randrange(10**8):08d}"
        netid = f"{handle[-1][0]}{handle[0][:6]}{index}" if staff else None
        npi = npi_base + str(npi_check_digit(npi_base)) if degree in ("MD", "DO") else None
        if email in existing or {netid, npi, phone_number if wants_phone else None} & taken:
            continue
        profession = profession_for_degree(degree)
        person = Person(
            first_name=first,
            last_name=last,
            degree=degree,
            profession=profession,
            netid=netid,
            npi=npi,
            birth_month=birth[0],
            birth_day=birth[1],
            search_name=search_name(first, last),
            created_at=now,
        )
        person.emails.append(PersonEmail(address=email, is_primary=True))
        if degree in ("MD", "DO", "RN", "NP", "PA", "PharmD") and index % 2 == 0:
            person.licenses.append(
                StateLicense(state="SC", license_number=f"{degree.upper()}-{10000 + index}")
            )
        if degree in ("MD", "DO") and index % 3 == 0:
            # Every third physician is ABIM-certified; most of them allow MOC reporting (from the index, so
            # the random choices above stay as they were).
            person.board_ids.append(BoardId(board="ABIM", board_id=f"{300000 + index}"))
            person.moc_permission = index % 9 != 0
        if wants_phone:
            person.phones.append(PersonPhone(e164=phone_number, verified=True))
        session.add(person)
        added += 1
    session.flush()
    return added


def _activity(session: Session, title: str, fmt: ActivityFormat, now: datetime, rounds: bool) -> Activity:
    activity = session.scalars(select(Activity).where(Activity.title == title)).first()
    if activity is not None:
        return activity
    activity = Activity(
        title=title,
        format=fmt,
        department="Department of Medicine" if rounds else "Division of Cardiology",
        director="Rebecca Tran, MD" if rounds else "Marcus Greene, MD",
        venue="Storm Eye Auditorium" if rounds else "Drug Discovery Building",
        city="Charleston",
        state="SC",
        country="United States",
        description=(
            "Weekly grand rounds for the Department of Medicine: current evidence across internal medicine."
            if rounds
            else "Two days of updates in heart failure, arrhythmia and prevention for the whole care team."
        ),
        created_at=now,
    )
    session.add(activity)
    session.flush()
    return activity


def _session(
    session: Session,
    activity: Activity,
    day: date,
    hours: tuple[time, time, int],
    zone_name: str,
    topic: str,
    faculty: list[int],
    room: str,
    now: datetime,
    pending: set[str],
) -> list[ActivitySession]:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)
    start, end, breaks = hours
    starts_at = datetime.combine(day, start, tzinfo=zone)
    ends_at = datetime.combine(day, end, tzinfo=zone)
    exists = session.scalars(
        select(ActivitySession.id).where(
            ActivitySession.activity_id == activity.id, ActivitySession.starts_at == starts_at
        )
    ).first()
    if exists is not None:
        return []
    row = ActivitySession(
        activity_id=activity.id,
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=zone_name,
        topic=topic,
        room=room,
        credit_quarters=quarters_for_duration(ends_at - starts_at - timedelta(minutes=breaks)),
        break_minutes=breaks,
    )
    row.faculty = [SessionFaculty(person_id=person_id, position=i) for i, person_id in enumerate(faculty)]
    session.add(row)
    issue_code(session, row, activity, now, pending)
    return [row]


def _designate(session: Session, rounds: Activity, course: Activity, before: date, zone: ZoneInfo) -> None:
    """Designations cover every session of the activity (an RSS is one activity with credits for the series),
    made well before the first session (`before`), as credit is designated in advance."""
    designated_at = datetime.combine(before, time(9), tzinfo=zone)
    for activity, types in (
        (rounds, (CreditType.AMA_PRA_1, CreditType.NURSING, CreditType.PARTICIPATION)),
        (course, (CreditType.AMA_PRA_1, CreditType.NURSING, CreditType.PHARMACY, CreditType.PARTICIPATION)),
    ):
        total = (
            session.scalar(
                select(func.sum(ActivitySession.credit_quarters)).where(
                    ActivitySession.activity_id == activity.id
                )
            )
            or 0
        )
        have = {d.credit_type: d for d in activity.designations}
        for credit_type in types:
            designation = have.get(credit_type)
            if designation is None:
                designation = CreditDesignation(
                    credit_type=credit_type, max_quarters=total, designated_at=designated_at
                )
                if credit_type == CreditType.PHARMACY:
                    designation.uan = "0798-9999-26-001-L01-P"
                activity.designations.append(designation)
            designation.max_quarters = max(designation.max_quarters, total)
