"""A grand-rounds session with code 2356446 at noon today (the seed's example code), for present-mode tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cme_desktop.services.context import Context
from cme_desktop.services.office import settings as office
from cme_desktop.store.activities import Activity, ActivitySession, IssuedCode
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import Person

CODE = "2356446"
# Saturday 28 November 2026, 12:00-13:00 in America/New_York; the code closes 7 days after the end.
STARTS = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)
ENDS = STARTS + timedelta(hours=1)
STATEMENT = (
    "Dr. Alice Smith (faculty) is a consultant for Acme Pharma. All relevant financial relationships have "
    "been mitigated. The following planners and faculty have no relevant financial relationships: "
    "Dr. Bob Jones, Dr. Carol White."
)


def office_settings(ctx: Context, **changes: object) -> None:
    office.update_settings(
        ctx,
        {
            "provider_name": "Lowcountry Medical University Office of CME",
            "texting_number": "+18335582111",
            "portal_url": "https://cme.example.edu/",
            **changes,
        },
    )


def make_session(
    ctx: Context,
    statement: str | None = STATEMENT,
    code: str | None = CODE,
    title: str = "Medicine Grand Rounds",
    topic: str | None = "Heart Failure with Preserved Ejection Fraction",
) -> int:
    now = ctx.clock()
    with ctx.db.transaction() as session:
        activity = Activity(title=title, format="rss", created_at=now, learner_statement=statement)
        session.add(activity)
        session.flush()
        row = ActivitySession(
            activity_id=activity.id,
            starts_at=STARTS,
            ends_at=ENDS,
            timezone="America/New_York",
            topic=topic,
            speakers="Dr. Alice Smith",
            room="Storm Eye Auditorium",
            credit_quarters=4,
            attendance_code=code,
            code_opens_at=STARTS - timedelta(minutes=30) if code else None,
            code_closes_at=ENDS + timedelta(days=7) if code else None,
        )
        session.add(row)
        session.flush()
        if code:
            session.add(IssuedCode(code=code, session_id=row.id, issued_at=now))
        return row.id


def add_claims(ctx: Context, session_id: int, count: int, revoked: int = 0) -> None:
    now = ctx.clock()
    with ctx.db.transaction() as session:
        for index in range(count + revoked):
            person = Person(
                first_name=f"Learner{index}",
                last_name="Test",
                search_name=f"test learner{index}",
                created_at=now,
            )
            session.add(person)
            session.flush()
            session.add(
                AttendanceClaim(
                    session_id=session_id,
                    person_id=person.id,
                    channel="sms",
                    credit_type="ama_pra_1",
                    credit_quarters=4,
                    claimed_at=now,
                    recorded_by="test",
                    revoked_at=now if index >= count else None,
                )
            )
