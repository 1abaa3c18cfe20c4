"""The demo's history of attendance: claims from every channel, each with the evidence its channel leaves, and the
texting log behind the texted ones."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.domain.credits import credit_type_for
from cme_desktop.domain.vocabulary import CreditType
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import Person, PersonPhone


def _evidence(
    channel: str, person_id: int, phones: dict[int, str], row: ActivitySession, serial: int
) -> dict[str, object]:
    """What each channel leaves behind, as the real channels record it (services/attendance/claims.py)."""
    if channel == "text":
        return {"phone": phones[person_id], "message_sid": f"SMdemo{row.id:04d}{serial:06d}"}
    if channel == "kiosk":
        return {"machine": "AUDITORIUM-KIOSK"}
    if channel == "import":
        return {"file": f"sign-in {row.starts_at:%Y-%m-%d}.csv", "row": serial % 40 + 2}
    return {"entered_by": "coordinator", "machine": "CME-OFFICE-1", "reason": "Signed the paper sheet"}


def history(session: Session, rng: random.Random, past: list[ActivitySession]) -> int:
    people = list(session.execute(select(Person.id, Person.profession)))
    phones = dict(session.execute(select(PersonPhone.person_id, PersonPhone.e164)).all())
    added = 0
    channels = ("text",) * 6 + ("kiosk",) * 2 + ("manual", "import")
    for row in past:
        activity = session.get(Activity, row.activity_id)
        assert activity is not None
        designated = {d.credit_type for d in activity.designations} or {
            CreditType.AMA_PRA_1,
            CreditType.NURSING,
            CreditType.PARTICIPATION,
        }
        attendees = rng.sample(people, k=min(len(people), rng.randint(25, 60)))
        for person_id, profession in attendees:
            channel = rng.choice(channels) if person_id in phones else rng.choice(channels[6:])
            claim = AttendanceClaim(
                session_id=row.id,
                person_id=person_id,
                channel=channel,
                credit_type=credit_type_for(profession, designated),
                credit_quarters=row.credit_quarters,
                claimed_at=row.ends_at - timedelta(minutes=rng.randint(0, 50)),
                recorded_by="demo",
                evidence=_evidence(channel, person_id, phones, row, added),
            )
            session.add(claim)
            if channel == "text":
                _texts(session, claim, row, activity.title)
            added += 1
    return added


def _texts(session: Session, claim: AttendanceClaim, row: ActivitySession, title: str) -> None:
    """The texting log behind a texted claim: the learner's text and the office's reply (services/texting/conversation.py)."""
    from zoneinfo import ZoneInfo

    from cme_desktop.domain.credits import format_credits
    from cme_desktop.domain.localtime import say_day
    from cme_desktop.domain.vocabulary import CreditType
    from cme_desktop.store.messages import TextMessage

    phone = claim.evidence["phone"]
    inbound = TextMessage(
        direction="in",
        provider_sid=claim.evidence["message_sid"],
        phone=phone,
        office_number="+18335582111",
        body=f"Attend {row.attendance_code}",
        at=claim.claimed_at,
        person_id=claim.person_id,
        outcome="recorded",
    )
    session.add(inbound)
    session.flush()
    day = say_day(row.starts_at.astimezone(ZoneInfo(row.timezone)).date())
    amount = f"{format_credits(claim.credit_quarters)} credit{'' if claim.credit_quarters == 4 else 's'}"
    session.add(
        TextMessage(
            direction="out",
            phone=phone,
            office_number="+18335582111",
            body=f"Recorded: {title} on {day}: {amount} ({CreditType(claim.credit_type).label}).",
            at=claim.claimed_at,
            person_id=claim.person_id,
            outcome="recorded",
            reply_to_id=inbound.id,
        )
    )
