"""Activities and claims the activity, series and import tests start from."""

from __future__ import annotations

from datetime import datetime

from cme_desktop.domain.vocabulary import ActivityFormat, CreditType
from cme_desktop.services.activities.records import (
    ActivityDetail,
    ActivityInput,
    DesignationInput,
    create_activity,
)
from cme_desktop.services.context import Context
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import Person


def grand_rounds(ctx: Context, credits: str = "52", **changes: object) -> ActivityDetail:
    """A weekly Medicine Grand Rounds designated for `credits` AMA PRA Category 1 and nursing credits."""
    fields: dict[str, object] = {
        "title": "Medicine Grand Rounds 2027",
        "format": ActivityFormat.RSS,
        "department": "Department of Medicine",
        "director": "Rebecca Tran, MD",
        "venue": "Storm Eye Auditorium",
        "city": "Charleston",
        "state": "SC",
        "country": "United States",
        "designations": (
            DesignationInput(CreditType.AMA_PRA_1, credits),
            DesignationInput(CreditType.NURSING, credits),
        ),
        **changes,
    }
    return create_activity(ctx, ActivityInput(**fields))  # type: ignore[arg-type]


def add_claims(ctx: Context, session_id: int, count: int, at: datetime) -> None:
    """`count` physicians who claimed the session."""
    with ctx.db.transaction() as session:
        for n in range(count):
            person = Person(
                first_name="Learner",
                last_name=f"Number{n}",
                profession="physician",
                search_name=f"learner number{n}",
                created_at=at,
            )
            session.add(person)
            session.flush()
            session.add(
                AttendanceClaim(
                    session_id=session_id,
                    person_id=person.id,
                    channel="text",
                    credit_type=CreditType.AMA_PRA_1,
                    credit_quarters=4,
                    claimed_at=at,
                    recorded_by="test",
                    evidence={},
                )
            )
