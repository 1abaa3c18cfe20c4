"""The demo's certificates: last week's grand rounds printed (every learner's certificate with its code) and one
physician's attendance revoked afterwards, so there is a valid and a revoked certificate to verify on the desktop
and on the portal's /verify page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from cme_desktop.domain.vocabulary import CreditType
from cme_desktop.services.attendance.claims import revoke_claim
from cme_desktop.services.certificates.issuing import Selection, issue
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim, Certificate
from cme_desktop.store.people import Person

REVOKE_REASON = "Badge records show the learner left ten minutes after the start"


@dataclass(frozen=True)
class DemoCertificates:
    valid: str | None  # a certificate that verifies, with the learner's name
    revoked: str | None  # one whose attendance was revoked after printing


def fill_certificates(ctx: Context, title: str) -> DemoCertificates:
    """Print last week's session of `title` once and revoke one physician's attendance; repeating changes
    nothing. Returns a valid and a revoked code (None where the demo has no such session)."""
    session_id = _last_week(ctx, title)
    if session_id is None:
        return DemoCertificates(None, None)
    selection = Selection(session_id=session_id)
    with ctx.db.transaction() as s:
        printed = s.scalar(
            select(Certificate.id)
            .join(AttendanceClaim, Certificate.claim_id == AttendanceClaim.id)
            .where(AttendanceClaim.session_id == session_id)
            .limit(1)
        )
    if printed is None:
        issue(ctx, selection)
        revoke_claim(ctx, _physician_claim(ctx, session_id), REVOKE_REASON)
    return demo_codes(ctx, title)


def demo_codes(ctx: Context, title: str) -> DemoCertificates:
    """A valid and a revoked certificate code of the demo (for `--demo` to print)."""
    session_id = _last_week(ctx, title)
    if session_id is None:
        return DemoCertificates(None, None)
    with ctx.db.transaction() as s:
        rows = s.execute(
            select(Certificate.verification_code, AttendanceClaim.revoked_at)
            .join(AttendanceClaim, Certificate.claim_id == AttendanceClaim.id)
            .join(Person, AttendanceClaim.person_id == Person.id)
            .where(AttendanceClaim.session_id == session_id)
            .order_by(Person.last_name, Person.first_name, Person.id)
        ).all()
    valid = next((code for code, revoked in rows if revoked is None), None)
    revoked = next((code for code, revoked in rows if revoked is not None), None)
    return DemoCertificates(valid, revoked)


def _last_week(ctx: Context, title: str) -> int | None:
    zone = office_zone(ctx)
    today = ctx.clock().astimezone(zone).date()
    with ctx.db.transaction() as s:
        for sess_id, starts in s.execute(
            select(ActivitySession.id, ActivitySession.starts_at)
            .join(Activity, ActivitySession.activity_id == Activity.id)
            .where(Activity.title == title, ActivitySession.ends_at < ctx.clock())
            .order_by(ActivitySession.starts_at.desc())
        ):
            if starts.astimezone(zone).date() <= today - timedelta(days=7):
                return int(sess_id)
    return None


def _physician_claim(ctx: Context, session_id: int) -> int:
    with ctx.db.transaction() as s:
        found = s.scalar(
            select(AttendanceClaim.id)
            .join(Person, AttendanceClaim.person_id == Person.id)
            .where(
                AttendanceClaim.session_id == session_id,
                AttendanceClaim.credit_type == CreditType.AMA_PRA_1,
            )
            .order_by(Person.last_name.desc(), Person.id)
            .limit(1)
        )
        if found is None:
            raise RuntimeError("the demo's grand rounds has no physician attending")
        return int(found)
