"""A learner's transcript: every standing claim in a date range with its credits, and totals per credit type."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from sqlalchemy import select

from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.documentation import TranscriptContent, TranscriptLine, credit_name, location_text
from cme_desktop.errors import InputError
from cme_desktop.services.certificates.content import (
    format_label,
    learner_name,
    long_date,
)
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import read_settings
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim, Certificate
from cme_desktop.store.people import Person, PersonAlias


def transcript(
    ctx: Context, person_id: int, first: date | None = None, last: date | None = None
) -> TranscriptContent:
    """The transcript of `person_id` (a merged-away profile leads to the one it was merged into).

    Each line says where a live activity took place and names its credit as the AMA wants it; the page ends with
    the accreditation statement behind each kind of credit listed (DOMAIN.md, "Credit")."""
    if first and last and last < first:
        raise InputError("The last day is before the first day.")
    with ctx.db.transaction() as session:
        settings = read_settings(session)
        accreditation = settings.accreditation.require("a transcript")
        zone = settings.zone
        person = session.get(Person, person_id)
        if person is None:
            alias = session.get(PersonAlias, person_id)
            person = session.get(Person, alias.person_id) if alias else None
        if person is None:
            raise InputError(f"There is no person with id {person_id}.")
        query = (
            select(AttendanceClaim, ActivitySession, Activity, Certificate)
            .join(ActivitySession, AttendanceClaim.session_id == ActivitySession.id)
            .join(Activity, ActivitySession.activity_id == Activity.id)
            .outerjoin(Certificate, Certificate.claim_id == AttendanceClaim.id)
            .where(AttendanceClaim.person_id == person.id, AttendanceClaim.revoked_at.is_(None))
            .order_by(ActivitySession.starts_at)
        )
        if first is not None:
            query = query.where(ActivitySession.starts_at >= datetime.combine(first, time(), zone))
        if last is not None:
            query = query.where(
                ActivitySession.starts_at < datetime.combine(last + timedelta(days=1), time(), zone)
            )
        lines: list[TranscriptLine] = []
        totals: dict[str, int] = defaultdict(int)
        statements: dict[str, None] = {}  # each once, in the order their credits first appear
        for claim, sess, activity, cert in session.execute(query):
            day = sess.starts_at.astimezone(ZoneInfo(sess.timezone)).date()
            valid_code = (
                cert.verification_code
                if cert is not None
                and cert.revoked_at is None
                and cert.credit_quarters == claim.credit_quarters
                else None
            )
            lines.append(
                TranscriptLine(
                    day=day.isoformat(),
                    activity=activity.title,
                    topic=sess.topic,
                    format_label=format_label(activity.format),
                    location=location_text(
                        activity.format, activity.delivery, activity.venue, activity.city, activity.state
                    ),
                    credit_name=credit_name(claim.credit_type),
                    credits=format_credits(claim.credit_quarters),
                    verification_code=valid_code,
                )
            )
            totals[claim.credit_type] += claim.credit_quarters
            partner = activity.joint_provider if activity.providership == "joint" else None
            statements.update(dict.fromkeys(accreditation.statements(claim.credit_type, partner)))
        if any(accreditation.shows_address(credit_type) for credit_type in totals):
            statements[
                f"{escape(accreditation.provider.strip())} · {escape(accreditation.address.strip())}"
            ] = None
        return TranscriptContent(
            learner_name=learner_name(person),
            provider_name=accreditation.provider.strip(),
            period=_period(first, last),
            lines=tuple(lines),
            totals=tuple((credit_name(t), format_credits(q)) for t, q in sorted(totals.items())),
            generated_on=long_date(ctx.clock().astimezone(zone).date()),
            statements=tuple(statements),
        )


def _period(first: date | None, last: date | None) -> str:
    if first and last:
        return f"{long_date(first)} – {long_date(last)}"
    if first:
        return f"From {long_date(first)}"
    if last:
        return f"Through {long_date(last)}"
    return "All dates"
