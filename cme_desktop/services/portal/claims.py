"""Claiming attendance on the portal: the code typed (or from the slide's QR, /c/CODE) goes through the one rule
book (services/attendance/claims.py) with channel "portal": the same window, credit and duplicate rules, and the
same sentences as a texted "Attend 2356446". As on texting, 5 wrong codes within 10 minutes lock the browser out
for 15 (domain/sms.py): a 7-digit code must not be guessable by trying.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from cme_desktop.domain.codes import CODE_LENGTH
from cme_desktop.domain.localtime import say_time
from cme_desktop.domain.sms import EXAMPLE_CODE, LOCKOUT, WRONG_CODE_WINDOW, locked_until, normalize_body
from cme_desktop.domain.vocabulary import ClaimChannel
from cme_desktop.errors import InputError
from cme_desktop.services.attendance.claims import (
    ClaimOutcome,
    ClaimRefused,
    ClaimRequest,
    Refusal,
    find_session_for_code,
    record_in,
)
from cme_desktop.services.attendance.rows import session_day
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import read_settings
from cme_desktop.services.portal.sessions import Visit, alive, as_learner
from cme_desktop.store.locking import hold_write_lock
from cme_desktop.store.portal import PortalSession

# Wrong codes that count towards the lockout: the code is no session's (not a closed or early one).
_WRONG = frozenset({Refusal.UNKNOWN_CODE, Refusal.REPLACED_CODE})
_SEPARATORS = re.compile(r"[\s\-.]+")
# What a claim needs of the browser's session (plain columns: a claim is the portal's busiest request).
_SESSION = select(
    PortalSession.created_at, PortalSession.last_seen_at, PortalSession.revoked_at, PortalSession.wrong_codes
).where(PortalSession.id == bindparam("id"))


@dataclass(frozen=True)
class PortalClaim:
    """What the page says: the texting reply's sentence, and whether attendance is on file now."""

    sentence: str
    on_file: bool


def read_code(typed: str) -> str:
    """The 7-digit code as typed ('235 6446', '235-6446', full-width digits), or InputError with a sentence."""
    text = _SEPARATORS.sub("", normalize_body(typed or "")[:40])
    if not text:
        raise InputError("Enter the activity code shown in the room.")
    if not text.isdigit() or len(text) != CODE_LENGTH:
        shown = f" ({text[:12]} is not 7 digits)" if text.isdigit() else ""
        raise InputError(f"Activity codes have 7 digits{shown}: for example {EXAMPLE_CODE}.")
    return text


def describe_code(ctx: Context, visit: Visit, typed: str) -> str | None:
    """'Medicine Grand Rounds on Saturday, November 28, 2026' for a code (the page before the claim), or None.

    Looking a code up tells whether it is a session's, so an unknown code counts towards the same lockout as a
    wrong claim: opening /c/1234567, /c/1234568, ... finds nothing faster than claiming would."""
    try:
        code = read_code(typed)
    except InputError:
        return None
    now = ctx.clock()
    with ctx.db.transaction() as session:
        row = session.execute(_SESSION, {"id": visit.session_id}).first()
        if row is None or not alive(row, now):
            return None
        recent = _recent(row.wrong_codes or [], now)
        if locked_until(recent, now) is not None:
            return None
        try:
            facts, _ = find_session_for_code(session, code)
        except ClaimRefused as refused:
            if refused.reason in _WRONG:
                _count_wrong(session, visit.session_id, [*recent, now])
            return None
        return f"{facts.title} on {session_day(facts)}"


def _count_wrong(session: Session, session_id: int, moments: list[datetime]) -> None:
    session.execute(
        update(PortalSession)
        .where(PortalSession.id == session_id)
        .values(wrong_codes=[moment.isoformat() for moment in moments])
    )


def claim_on_portal(ctx: Context, visit: Visit, typed: str, client: str) -> PortalClaim:
    """Record the signed-in learner's attendance for the code they typed, as texting would."""
    if visit.person_id is None:
        raise InputError("Make your profile first.")
    code = read_code(typed)
    learner = as_learner(ctx, visit)
    now = ctx.clock()
    with learner.db.transaction() as session:
        hold_write_lock(session)
        row = session.execute(_SESSION, {"id": visit.session_id}).first()
        if row is None or not alive(row, now):
            raise InputError("Your session has ended; sign in again. Nothing was recorded.")
        recent = _recent(row.wrong_codes or [], now)
        until = locked_until(recent, now)
        if until is not None:
            zone = read_settings(session).zone
            return PortalClaim(
                f"Too many wrong codes. Try again after {say_time(until.astimezone(zone).time())}.", False
            )
        evidence = {
            "portal_session": visit.session_id,
            "signed_in_by": visit.method or "",
            "client": client[:64],
        }
        request = ClaimRequest(visit.person_id, ClaimChannel.PORTAL, code=code, evidence=evidence)
        try:
            result = record_in(learner, session, request)
        except ClaimRefused as refused:
            if refused.reason in _WRONG:
                wrong = [moment.isoformat() for moment in [*recent, now]]
                session.execute(
                    update(PortalSession)
                    .where(PortalSession.id == visit.session_id)
                    .values(wrong_codes=wrong)
                )
            return PortalClaim(str(refused), False)
        if result.outcome == ClaimOutcome.ALREADY_RECORDED:
            return PortalClaim(f"Already recorded: {result.confirmation()}.", True)
        return PortalClaim(f"Recorded: {result.confirmation()}.", True)


def _recent(stored: list[str], now: datetime) -> list[datetime]:
    since = now - WRONG_CODE_WINDOW - LOCKOUT
    moments = []
    for text in stored:
        try:
            moment = datetime.fromisoformat(text)
        except (TypeError, ValueError):
            continue
        if moment >= since:
            moments.append(moment)
    return moments
