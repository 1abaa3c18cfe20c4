"""An activity with one past session and three learners (a physician, a nurse, a pharmacist without a degree
on file), built straight from the models so certificate tests depend on nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from cme_desktop.domain.names import search_name
from cme_desktop.domain.vocabulary import CreditType
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from cme_desktop.store.activities import Activity, ActivitySession, CreditDesignation
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import Person

PROVIDER = "Lowcountry Medical University Office of CME"
ZONE = ZoneInfo("America/New_York")


@dataclass(frozen=True)
class Office:
    activity_id: int
    session_id: int
    physician_claim: int
    nurse_claim: int
    other_claim: int
    physician_id: int


def person(first: str, last: str, degree: str | None, profession: str, now: datetime) -> Person:
    return Person(
        first_name=first,
        last_name=last,
        degree=degree,
        profession=profession,
        search_name=search_name(first, last),
        created_at=now,
    )


def claim(
    session_id: int, person_id: int, credit_type: str, quarters: int, when: datetime
) -> AttendanceClaim:
    return AttendanceClaim(
        session_id=session_id,
        person_id=person_id,
        channel="manual",
        credit_type=credit_type,
        credit_quarters=quarters,
        claimed_at=when,
        recorded_by="test",
        evidence={},
    )


def build_office(
    ctx: Context,
    *,
    title: str = "Medicine Grand Rounds",
    fmt: str = "rss",
    joint_provider: str | None = None,
    verify_url: str = "https://cme.example.edu/verify",
    other_degree: str | None = None,
) -> Office:
    update_settings(
        ctx,
        {
            "provider_name": PROVIDER,
            "verify_url": verify_url,
            "certificate_signer": "Rebecca Tran, MD, Director of CME",
        },
    )
    now = ctx.clock()
    starts = datetime(2026, 11, 27, 12, 0, tzinfo=ZONE)
    with ctx.db.transaction() as s:
        activity = Activity(
            title=title,
            format=fmt,
            providership="joint" if joint_provider else "direct",
            joint_provider=joint_provider,
            venue="Storm Eye Auditorium",
            city="Charleston",
            state="SC",
            created_at=now,
        )
        activity.designations = [
            CreditDesignation(credit_type=CreditType.AMA_PRA_1, max_quarters=208),
            CreditDesignation(credit_type=CreditType.NURSING, max_quarters=208),
        ]
        s.add(activity)
        s.flush()
        session = ActivitySession(
            activity_id=activity.id,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1, minutes=15),
            timezone=ZONE.key,
            topic="Sepsis Bundles: What Still Matters",
            credit_quarters=5,
        )
        doctor = person("Jane", "Smith", "MD", "physician", now)
        nurse = person("Maria", "Lopez", "RN", "nurse", now)
        other = person("Omar", "Haddad", other_degree, "other", now)
        s.add_all([session, doctor, nurse, other])
        s.flush()
        claims = [
            claim(session.id, doctor.id, CreditType.AMA_PRA_1, 5, starts + timedelta(hours=1)),
            claim(session.id, nurse.id, CreditType.NURSING, 5, starts + timedelta(hours=1)),
            claim(session.id, other.id, CreditType.PARTICIPATION, 5, starts + timedelta(hours=1)),
        ]
        s.add_all(claims)
        s.flush()
        return Office(activity.id, session.id, claims[0].id, claims[1].id, claims[2].id, doctor.id)
