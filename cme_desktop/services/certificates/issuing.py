"""Certificates: who is due one, issuing them with verification codes, and revoking (verifying: verifying.py).

A certificate documents one claim (one learner at one session). Its code stays the same when it is printed
again, and changes only when the credits on the claim changed, so a paper with the old credits no longer checks
out. A certificate verifies as revoked exactly while its claim is revoked (whether or not attendance marked the
certificate), showing only the day it was revoked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.domain.accreditation import Accreditation
from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.documentation import Artwork, CertificateContent
from cme_desktop.domain.names import sort_name
from cme_desktop.domain.verification import new_code
from cme_desktop.domain.vocabulary import CreditType
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.certificates.content import (
    ActivityDesignations,
    Row,
    certificate_content,
    credit_label,
    designations_for,
)
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import OfficeSettings, read_settings
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim, Certificate
from cme_desktop.store.people import Person


@dataclass(frozen=True)
class Selection:
    """Whose certificates: one session, one activity, or every session in a date range (office days)."""

    session_id: int | None = None
    activity_id: int | None = None
    first: date | None = None
    last: date | None = None

    def __post_init__(self) -> None:
        if self.session_id is None and self.activity_id is None and (self.first is None or self.last is None):
            raise InputError("Choose a session, an activity, or a first and last day.")
        if self.first and self.last and self.last < self.first:
            raise InputError("The last day is before the first day.")


@dataclass(frozen=True)
class DueLearner:
    claim_id: int
    person_id: int
    learner: str  # "Smith, Jane"
    degree: str | None
    session_id: int
    day: date
    activity: str
    credit_type: str
    credit_label: str
    credits: str
    status: str  # "new", "issued", "credits changed", or "cannot issue"
    verification_code: str | None
    problem: str | None


@dataclass(frozen=True)
class IssueResult:
    certificates: tuple[CertificateContent, ...]
    artwork: Artwork
    new: int
    reprinted: int
    new_codes: int  # credits had changed since the last printing
    skipped: tuple[str, ...]  # "Smith, Jane: why", for a message after the batch


def due(ctx: Context, selection: Selection) -> list[DueLearner]:
    """Everyone in the selection whose claim stands, with what their certificate would be (none is written)."""
    with ctx.db.transaction() as session:
        settings = read_settings(session)
        rows = _rows(session, selection, settings.zone)
        designations = designations_for(session, {r.activity.id for r in rows})
        existing = _certificates(session, rows)
        return [_due(r, designations, settings.accreditation, existing.get(r.claim.id)) for r in rows]


def issue(ctx: Context, selection: Selection, claim_ids: Sequence[int] | None = None) -> IssueResult:
    """Issue (or reprint) the certificates of the selection, or of `claim_ids` within it; one transaction.

    A learner whose credit type the activity does not designate, or who was awarded no credit, is skipped with
    the reason. Certificates of revoked claims in the selection are marked revoked.
    """
    with ctx.db.transaction() as session:
        return issue_in(ctx, session, selection, claim_ids)


def issue_in(
    ctx: Context, session: Session, selection: Selection, claim_ids: Sequence[int] | None = None
) -> IssueResult:
    """`issue` inside the caller's transaction (the portal checks whose claim it is in the same one)."""
    now = ctx.clock()
    settings = read_settings(session)
    accreditation = settings.accreditation.require("certificates")
    zone = settings.zone
    _revoke_for_revoked_claims(session, selection, zone, now)
    rows = _rows(session, selection, zone)
    if claim_ids is not None:
        wanted = set(claim_ids)
        rows = [r for r in rows if r.claim.id in wanted]
    designations = designations_for(session, {r.activity.id for r in rows})
    existing = _certificates(session, rows)
    ok: list[tuple[Row, Certificate | None]] = []
    skipped: list[str] = []
    for row in rows:
        problem = certificate_problem(row, designations, accreditation)
        if problem:
            skipped.append(f"{sort_name(row.person.first_name, row.person.last_name)}: {problem}")
        else:
            ok.append((row, existing.get(row.claim.id)))
    needed = sum(1 for row, cert in ok if cert is None or cert.credit_quarters != row.claim.credit_quarters)
    codes = iter(_fresh_codes(session, needed))
    contents: list[CertificateContent] = []
    new = reprinted = changed = 0
    for row, cert in ok:
        if cert is None:
            cert = Certificate(
                claim_id=row.claim.id,
                verification_code=next(codes),
                credit_quarters=row.claim.credit_quarters,
                issued_at=now,
            )
            session.add(cert)
            new += 1
        elif cert.credit_quarters != row.claim.credit_quarters:
            before = {"code": cert.verification_code, "credit_quarters": cert.credit_quarters}
            cert.verification_code = next(codes)
            cert.credit_quarters = row.claim.credit_quarters
            cert.issued_at, cert.revoked_at = now, None
            after = {"code": cert.verification_code, "credit_quarters": cert.credit_quarters}
            audit.record(ctx, session, "certificate.new_code", "certificates", cert.id, before, after)
            changed += 1
        else:
            if cert.revoked_at is not None:  # the claim was revoked, then restored
                audit.record(
                    ctx,
                    session,
                    "certificate.restore",
                    "certificates",
                    cert.id,
                    {"revoked_at": cert.revoked_at.isoformat()},
                    {"revoked_at": None},
                )
                cert.revoked_at = None
            reprinted += 1
        contents.append(certificate_content(row, cert, designations, accreditation, settings, zone))
    session.flush()
    if new:
        audit.record(
            ctx,
            session,
            "certificates.issue",
            "certificates",
            None,
            None,
            {"new": new, "reprinted": reprinted, "new_codes": changed},
        )
    return IssueResult(tuple(contents), _artwork(settings), new, reprinted, changed, tuple(skipped))


@dataclass(frozen=True)
class Preview:
    """The first pages of a selection as they would print, with nothing issued."""

    certificates: tuple[CertificateContent, ...]
    artwork: Artwork
    total: int  # how many certificates the selection would issue
    skipped: tuple[str, ...]


def preview(ctx: Context, selection: Selection, pages: int = 3) -> Preview:
    """What issuing the selection would print, for its first `pages` learners: no certificate is issued, no code
    handed out; the pages say so across them. Refused, like issuing, until the office's accreditation is declared."""
    now = ctx.clock()
    with ctx.db.transaction() as session:
        settings = read_settings(session)
        accreditation = settings.accreditation.require("certificates")
        rows = _rows(session, selection, settings.zone)
        designations = designations_for(session, {r.activity.id for r in rows})
        problems = {r.claim.id: certificate_problem(r, designations, accreditation) for r in rows}
        ok = [r for r in rows if problems[r.claim.id] is None]
        skipped = tuple(
            f"{sort_name(r.person.first_name, r.person.last_name)}: {problems[r.claim.id]}"
            for r in rows
            if problems[r.claim.id] is not None
        )
        contents = []
        for row in ok[:pages]:
            unsaved = Certificate(
                claim_id=row.claim.id,
                verification_code="NOT ISSUED",
                credit_quarters=row.claim.credit_quarters,
                issued_at=now,
            )
            content = certificate_content(row, unsaved, designations, accreditation, settings, settings.zone)
            contents.append(replace(content, qr_payload="Sample certificate: not issued", sample=True))
        session.expunge_all()  # nothing of the sample may be flushed
        return Preview(tuple(contents), _artwork(settings), len(ok), skipped)


def _artwork(settings: OfficeSettings) -> Artwork:
    return Artwork(
        logo_path=settings.certificate_logo_path,
        signature_path=settings.certificate_signature_path,
        signer=settings.certificate_signer,
        paper=settings.paper_size,
    )


def _certificates(session: Session, rows: list[Row]) -> dict[int, Certificate]:
    ids = [r.claim.id for r in rows]
    found: dict[int, Certificate] = {}
    for start in range(0, len(ids), 900):  # stay under SQLite's bound-parameter limit
        chunk = ids[start : start + 900]
        found.update(
            (c.claim_id, c)
            for c in session.scalars(select(Certificate).where(Certificate.claim_id.in_(chunk)))
        )
    return found


def mark_revoked_for_claim(session: Session, claim_id: int, now: datetime) -> str | None:
    """Inside the caller's transaction (attendance's revoke): mark the claim's certificate revoked.
    Returns its verification code, or None when no certificate was issued."""
    cert = session.scalars(select(Certificate).where(Certificate.claim_id == claim_id)).first()
    if cert is None:
        return None
    if cert.revoked_at is None:
        cert.revoked_at = now
    return cert.verification_code


def mark_restored_for_claim(session: Session, claim_id: int) -> str | None:
    """Inside the caller's transaction (attendance's reinstatement): the claim's certificate counts again at once,
    without a reprint. Returns its verification code when it had been marked revoked, else None."""
    cert = session.scalars(select(Certificate).where(Certificate.claim_id == claim_id)).first()
    if cert is None or cert.revoked_at is None:
        return None
    cert.revoked_at = None
    return cert.verification_code


def _rows(session: Session, selection: Selection, zone: ZoneInfo) -> list[Row]:
    query = (
        select(AttendanceClaim, ActivitySession, Activity, Person)
        .join(ActivitySession, AttendanceClaim.session_id == ActivitySession.id)
        .join(Activity, ActivitySession.activity_id == Activity.id)
        .join(Person, AttendanceClaim.person_id == Person.id)
        .where(AttendanceClaim.revoked_at.is_(None))
    )
    query = _selected(query, selection, zone)
    query = query.order_by(ActivitySession.starts_at, Person.last_name, Person.first_name, AttendanceClaim.id)
    return [Row(claim, sess, activity, person) for claim, sess, activity, person in session.execute(query)]


def _selected(query, selection: Selection, zone: ZoneInfo):  # type: ignore[no-untyped-def]
    if selection.session_id is not None:
        query = query.where(ActivitySession.id == selection.session_id)
    if selection.activity_id is not None:
        query = query.where(Activity.id == selection.activity_id)
    if selection.first is not None:
        query = query.where(ActivitySession.starts_at >= datetime.combine(selection.first, time(), zone))
    if selection.last is not None:
        end = datetime.combine(selection.last + timedelta(days=1), time(), zone)
        query = query.where(ActivitySession.starts_at < end)
    return query


def _revoke_for_revoked_claims(session: Session, selection: Selection, zone: ZoneInfo, now: datetime) -> None:
    claims = select(AttendanceClaim.id).join(
        ActivitySession, AttendanceClaim.session_id == ActivitySession.id
    )
    claims = claims.join(Activity, ActivitySession.activity_id == Activity.id)
    claims = _selected(claims.where(AttendanceClaim.revoked_at.is_not(None)), selection, zone)
    for cert in session.scalars(
        select(Certificate).where(Certificate.claim_id.in_(claims), Certificate.revoked_at.is_(None))
    ):
        cert.revoked_at = now


def _fresh_codes(session: Session, count: int) -> list[str]:
    """`count` codes never issued before (a clash among 2^55 is unlikely, but checked)."""
    codes: set[str] = set()
    while len(codes) < count:
        batch = {new_code() for _ in range(count - len(codes))} - codes
        taken = set(
            session.scalars(
                select(Certificate.verification_code).where(Certificate.verification_code.in_(batch))
            )
        )
        codes |= batch - taken
    return list(codes)


def certificate_problem(
    row: Row, designations: ActivityDesignations, accreditation: Accreditation
) -> str | None:
    """Why this learner's certificate may not be issued, or None (DOMAIN.md, "Credit")."""
    claim = row.claim
    if claim.credit_quarters <= 0:
        return "no credit was awarded for this session."
    if claim.credit_type == CreditType.PARTICIPATION:
        return None
    designated = designations.get(row.activity.id, {}).get(claim.credit_type)
    if designated is None:
        return f"the activity has no {credit_label(claim.credit_type)} designation."
    if designated.designated_at is not None and designated.designated_at > row.session.starts_at:
        return (
            f"{credit_label(claim.credit_type)} was designated after this session started; credit is never "
            "designated retroactively."
        )
    refusal = accreditation.refusal(claim.credit_type)
    if refusal:
        return refusal[0].lower() + refusal[1:]
    return None


def _due(
    row: Row, designations: ActivityDesignations, accreditation: Accreditation, cert: Certificate | None
) -> DueLearner:
    problem = certificate_problem(row, designations, accreditation)
    if problem:
        status = "cannot issue"
    elif cert is None:
        status = "new"
    elif cert.credit_quarters != row.claim.credit_quarters:
        status = "credits changed"
    else:
        status = "issued"
    return DueLearner(
        claim_id=row.claim.id,
        person_id=row.person.id,
        learner=sort_name(row.person.first_name, row.person.last_name),
        degree=row.person.degree,
        session_id=row.session.id,
        day=row.session.starts_at.astimezone(ZoneInfo(row.session.timezone)).date(),
        activity=row.activity.title,
        credit_type=row.claim.credit_type,
        credit_label=credit_label(row.claim.credit_type),
        credits=format_credits(row.claim.credit_quarters),
        status=status,
        verification_code=cert.verification_code if cert is not None else None,
        problem=problem,
    )
