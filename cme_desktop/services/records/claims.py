"""The learner's claims, newest first, with what each earned, how it was recorded, and its certificate."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from cme_desktop.domain.accreditation import Accreditation
from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.localtime import say_moment
from cme_desktop.domain.vocabulary import ClaimChannel, label_of
from cme_desktop.services.certificates.content import (
    ActivityDesignations,
    Row,
    credit_label,
    designations_for,
    plain_credits,
)
from cme_desktop.services.certificates.issuing import certificate_problem
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import read_settings
from cme_desktop.services.people.profiles import load_person
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim, Certificate

# How each channel recorded the attendance, in a learner's words.
HOW_CLAIMED: dict[str, str] = {
    ClaimChannel.TEXT: "Recorded by text",
    ClaimChannel.KIOSK: "Recorded at the kiosk",
    ClaimChannel.PORTAL: "Recorded on the portal",
    ClaimChannel.IMPORT: "From the sign-in sheet",
    ClaimChannel.MANUAL: "Added by the CME office",
}


@dataclass(frozen=True)
class ClaimRecord:
    claim_id: int
    day: date
    activity: str
    topic: str | None
    credits: str  # "1.25 AMA PRA Category 1 Credits™"
    how_claimed: str  # "Recorded by text", "Recorded on the portal", ... (HOW_CLAIMED)
    withdrawn_on: date | None  # the office revoked this attendance (the reason stays in the office)
    certificate_ready: bool  # the portal hands out this claim's certificate now
    certificate_note: str | None  # why not, in the learner's words
    verification_code: str | None  # the code of a certificate already issued and standing


@dataclass(frozen=True)
class LearnerRecords:
    claims: tuple[ClaimRecord, ...]
    totals: tuple[tuple[str, str], ...]  # ("AMA PRA Category 1 Credit™", "12.5"), standing claims only
    today: date  # the office's today, for the transcript's default range


def learner_records(ctx: Context, person_id: int) -> LearnerRecords:
    """Every claim of the learner (withdrawn ones too, marked), newest session first."""
    now = ctx.clock()
    with ctx.db.transaction() as session:
        settings = read_settings(session)
        person = load_person(session, person_id)
        found = session.execute(
            select(AttendanceClaim, ActivitySession, Activity, Certificate)
            .join(ActivitySession, AttendanceClaim.session_id == ActivitySession.id)
            .join(Activity, ActivitySession.activity_id == Activity.id)
            .outerjoin(Certificate, Certificate.claim_id == AttendanceClaim.id)
            .where(AttendanceClaim.person_id == person.id)
            .order_by(ActivitySession.starts_at.desc(), AttendanceClaim.id.desc())
        ).all()
        designations = designations_for(session, {activity.id for _, _, activity, _ in found})
        help_line = help_phrase(settings.help_contact)
        claims: list[ClaimRecord] = []
        totals: dict[str, int] = defaultdict(int)
        for claim, sess, activity, cert in found:
            row = Row(claim, sess, activity, person)
            note = certificate_note(row, designations, settings.accreditation, now, help_line)
            withdrawn = claim.revoked_at.astimezone(settings.zone).date() if claim.revoked_at else None
            if withdrawn is None:
                totals[claim.credit_type] += claim.credit_quarters
            standing = (
                cert is not None
                and cert.revoked_at is None
                and withdrawn is None
                and cert.credit_quarters == claim.credit_quarters
            )
            claims.append(
                ClaimRecord(
                    claim_id=claim.id,
                    day=sess.starts_at.astimezone(ZoneInfo(sess.timezone)).date(),
                    activity=activity.title,
                    topic=sess.topic if sess.topic and sess.topic != activity.title else None,
                    credits=plain_credits(claim.credit_type, claim.credit_quarters),
                    how_claimed=HOW_CLAIMED.get(claim.channel) or label_of(ClaimChannel, claim.channel),
                    withdrawn_on=withdrawn,
                    certificate_ready=withdrawn is None and note is None,
                    certificate_note=None if withdrawn else note,
                    verification_code=cert.verification_code if standing and cert else None,
                )
            )
        return LearnerRecords(
            tuple(claims),
            tuple((credit_label(t), format_credits(q)) for t, q in sorted(totals.items()) if q),
            now.astimezone(settings.zone).date(),
        )


def certificate_note(
    row: Row,
    designations: ActivityDesignations,
    accreditation: Accreditation,
    now: datetime,
    help_line: str,
) -> str | None:
    """Why the portal does not hand out this claim's certificate (yet), or None when it does.

    A certificate documents attendance at a session that took place, so it is offered once the session has ended;
    the rules of issuing (DOMAIN.md, "Credit": credit designated in advance, by an accredited provider) are the
    desktop's, told in a learner's words: the coordinator's reasons name settings a learner cannot change.
    """
    if row.session.ends_at > now:
        ends = say_moment(row.session.ends_at, ZoneInfo(row.session.timezone))
        return f"Your certificate is ready once the session ends, at {ends}."
    if row.claim.credit_quarters <= 0:
        return "No credit was awarded for this session, so there is no certificate."
    if accreditation.missing() or certificate_problem(row, designations, accreditation):
        return f"The CME office issues this certificate itself{help_line}."
    return None


def help_phrase(help_contact: str) -> str:
    return f": ask them at {help_contact.strip()}" if help_contact.strip() else ": ask them for it"
