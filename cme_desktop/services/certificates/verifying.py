"""Verifying a certificate's code, for whoever holds the paper: the desktop's Verify dialog, `cme-desktop verify`
and the public page `/verify/CODE`, all through `verify`.

A valid code shows the learner, activity, date and credits. A revoked one shows only the day its claim was revoked
(never the learner's details, and never the coordinator's reason). The claim decides, so a reinstated claim's
certificate is valid again at once; a certificate whose credits changed got a new code, and the old one is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from cme_desktop.domain.names import display_name
from cme_desktop.domain.verification import MalformedCode, normalize
from cme_desktop.services.certificates.content import long_date, plain_credits
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import read_settings
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim, Certificate
from cme_desktop.store.people import Person


@dataclass(frozen=True)
class Verification:
    code: str
    status: str  # "valid", "revoked", "unknown", "malformed"
    message: str
    learner: str | None = None
    activity: str | None = None
    topic: str | None = None
    day: date | None = None
    credits: str | None = None
    issued_at: datetime | None = None
    revoked_at: datetime | None = None
    revoked_on: date | None = None  # the office's day the claim was revoked

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def verify(ctx: Context, typed: str) -> Verification:
    """What a certificate's code says: valid with the learner, activity, date and credits; revoked with only the
    day its claim was revoked; or no such certificate."""
    try:
        code = normalize(typed)
    except MalformedCode as error:
        return Verification(typed.strip(), "malformed", str(error))
    with ctx.db.transaction() as session:
        found = session.execute(
            select(Certificate, AttendanceClaim, ActivitySession, Activity, Person)
            .join(AttendanceClaim, Certificate.claim_id == AttendanceClaim.id)
            .join(ActivitySession, AttendanceClaim.session_id == ActivitySession.id)
            .join(Activity, ActivitySession.activity_id == Activity.id)
            .join(Person, AttendanceClaim.person_id == Person.id)
            .where(Certificate.verification_code == code)
        ).first()
        if found is None:
            return Verification(
                code, "unknown", f"No such certificate: {code} was never issued by this office."
            )
        cert, claim, sess, activity, person = found
        if claim.revoked_at is not None:
            # Whoever holds the paper learns only that it no longer counts, and since when: not the learner's
            # details, and never the coordinator's reason (that stays in the attendance list and audit log).
            when = claim.revoked_at.astimezone(read_settings(session).zone).date()
            return Verification(
                code,
                "revoked",
                f"Revoked on {long_date(when)}: this certificate is no longer valid.",
                revoked_at=claim.revoked_at,
                revoked_on=when,
            )
        day = sess.starts_at.astimezone(ZoneInfo(sess.timezone)).date()
        learner = display_name(person.first_name, person.last_name, person.degree, person.middle_name)
        credits = plain_credits(claim.credit_type, cert.credit_quarters)
        return Verification(
            code,
            "valid",
            f"Valid: {learner} was awarded {credits} for {activity.title} on {long_date(day)}.",
            learner,
            activity.title,
            sess.topic,
            day,
            credits,
            cert.issued_at,
        )
