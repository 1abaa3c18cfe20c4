"""What a profile has done: attendance claims, certificates and disclosures, for the profile dialog's lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from cme_desktop.services.context import Context
from cme_desktop.services.people.profiles import load_person
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim, Certificate
from cme_desktop.store.disclosures import Disclosure


@dataclass(frozen=True)
class ClaimLine:
    starts_at: datetime
    activity_title: str
    topic: str | None
    channel: str
    credit_type: str
    credit_quarters: int
    revoked: bool


@dataclass(frozen=True)
class CertificateLine:
    issued_at: datetime
    activity_title: str
    session_starts_at: datetime
    verification_code: str
    credit_quarters: int
    revoked: bool


@dataclass(frozen=True)
class DisclosureLine:
    disclosed_on: date
    valid_until: date
    relationships: int
    no_relationships: bool
    refused: bool


@dataclass(frozen=True)
class PersonHistory:
    claims: tuple[ClaimLine, ...]
    certificates: tuple[CertificateLine, ...]
    disclosures: tuple[DisclosureLine, ...]


def person_history(ctx: Context, person_id: int) -> PersonHistory:
    """Newest first; a merged-away id shows the survivor's history."""
    with ctx.db.transaction() as session:
        person_id = load_person(session, person_id).id
        claims = session.execute(
            select(AttendanceClaim, ActivitySession.starts_at, ActivitySession.topic, Activity.title)
            .join(ActivitySession, AttendanceClaim.session_id == ActivitySession.id)
            .join(Activity, ActivitySession.activity_id == Activity.id)
            .where(AttendanceClaim.person_id == person_id)
            .order_by(ActivitySession.starts_at.desc())
        ).all()
        certificates = session.execute(
            select(Certificate, ActivitySession.starts_at, Activity.title)
            .join(AttendanceClaim, Certificate.claim_id == AttendanceClaim.id)
            .join(ActivitySession, AttendanceClaim.session_id == ActivitySession.id)
            .join(Activity, ActivitySession.activity_id == Activity.id)
            .where(AttendanceClaim.person_id == person_id)
            .order_by(Certificate.issued_at.desc())
        ).all()
        disclosures = session.scalars(
            select(Disclosure)
            .where(Disclosure.person_id == person_id)
            .order_by(Disclosure.disclosed_on.desc())
        ).all()
        return PersonHistory(
            tuple(
                ClaimLine(
                    starts,
                    title,
                    topic,
                    c.channel,
                    c.credit_type,
                    c.credit_quarters,
                    c.revoked_at is not None,
                )
                for c, starts, topic, title in claims
            ),
            tuple(
                CertificateLine(
                    cert.issued_at,
                    title,
                    starts,
                    cert.verification_code,
                    cert.credit_quarters,
                    cert.revoked_at is not None,
                )
                for cert, starts, title in certificates
            ),
            tuple(
                DisclosureLine(
                    d.disclosed_on, d.valid_until, len(d.relationships), d.no_relationships, d.refused
                )
                for d in disclosures
            ),
        )
