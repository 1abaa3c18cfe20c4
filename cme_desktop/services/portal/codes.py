"""Signing in by a code emailed to the learner: 6 digits, valid 10 minutes, 5 tries, only its hash stored.

The answer to "send me a code" is the same whether or not a profile uses the address: a code goes to any
address, because signing in with a new address is how a new learner makes their profile (the seed's "create
account"). Requests are limited per address and per client (a network address, kept only as a hash), so nobody
can use the office to mail strangers or try codes without end. A code signs in only the browser session that
asked for it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from html import escape

from sqlalchemy import select, update

from cme_desktop.domain.emails import mask_email, normalize_email
from cme_desktop.domain.localtime import say_time
from cme_desktop.errors import InputError
from cme_desktop.services.context import Context
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.office.settings import OfficeSettings, read_settings
from cme_desktop.services.portal.sessions import Visit, begin_signed_in, live_row
from cme_desktop.services.request_limits import address_key, free_again
from cme_desktop.store.locking import hold_write_lock
from cme_desktop.store.people import PersonEmail
from cme_desktop.store.portal import SignInCode

CODE_LENGTH = 6
CODE_VALID = timedelta(minutes=10)
TRIES = 5
# Codes asked for in a rolling window: (window, how many), per address and per client. A hospital's guests may
# share one network address, so the client's limit is generous; an address's is not.
PER_EMAIL = ((timedelta(minutes=15), 3), (timedelta(days=1), 10))
PER_CLIENT = ((timedelta(minutes=15), 60), (timedelta(days=1), 300))
LOCAL_PART_MAX = 64  # RFC 5321: the part before @ is at most 64 characters


class CodeRefused(InputError):
    """A code that does not sign in (wrong, expired, used, too many tries); the message says what to do."""


class TooManyRequests(InputError):
    """Too many codes asked for this address or from this client lately; the message says until when."""


@dataclass(frozen=True)
class CodeSent:
    masked_email: str
    mail: OutgoingMail


@dataclass(frozen=True)
class SignedIn:
    token: str
    visit: Visit


def clean_sign_in_email(typed: str) -> str:
    """The address as stored, or InputError with a sentence that does not repeat a screenful of what was typed."""
    text = (typed or "").strip()
    if not text:
        raise InputError("Enter your email address.")
    if len(text) > 254 or len(text.partition("@")[0]) > LOCAL_PART_MAX:
        raise InputError("That email address is too long to be one; check it and try again.")
    return normalize_email(text)


def _code_hash(code_id: int, code: str) -> str:
    return hashlib.sha256(f"portal:{code_id}:{code}".encode()).hexdigest()


def request_code(ctx: Context, session_id: int, typed_email: str, client: str) -> CodeSent:
    """Make a code for this browser session and the mail that carries it (the caller hands it to the outbox)."""
    email = clean_sign_in_email(typed_email)
    now = ctx.clock()
    with ctx.db.transaction() as session:
        hold_write_lock(session)
        settings = read_settings(session)
        if live_row(session, session_id, now) is None:
            raise CodeRefused("This page has expired; reload it and enter your email again.")
        email_key, client_key = address_key(email), address_key(client)
        until = free_again(
            session,
            SignInCode.created_at,
            ((SignInCode.email_key, email_key, PER_EMAIL), (SignInCode.client_key, client_key, PER_CLIENT)),
            now,
        )
        if until is not None:
            raise TooManyRequests(
                "Too many codes were asked for lately. Try again after "
                f"{say_time(until.astimezone(settings.zone).time())}."
            )
        # Only the newest code of a session counts: asking again retires the one before.
        session.execute(
            update(SignInCode)
            .where(SignInCode.session_id == session_id, SignInCode.used_at.is_(None))
            .values(expires_at=now)
        )
        row = SignInCode(
            session_id=session_id,
            email=email,
            email_key=email_key,
            client_key=client_key,
            code_hash="",
            created_at=now,
            expires_at=now + CODE_VALID,
            wrong_tries=0,
        )
        session.add(row)
        session.flush()
        code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
        row.code_hash = _code_hash(row.id, code)
        return CodeSent(mask_email(email), _mail(settings, email, code))


def pending_email(ctx: Context, session_id: int) -> str | None:
    """The (masked) address this session's newest live code went to, for the "enter the code" page."""
    now = ctx.clock()
    with ctx.db.transaction() as session:
        email = session.scalar(
            select(SignInCode.email)
            .where(SignInCode.session_id == session_id, SignInCode.used_at.is_(None))
            .where(SignInCode.expires_at > now)
            .order_by(SignInCode.id.desc())
            .limit(1)
        )
        return mask_email(email) if email else None


def confirm_code(ctx: Context, session_id: int, typed: str) -> SignedIn:
    """Sign the browser in with the code it was sent: a new session replaces the anonymous one, signed in to
    the profile that has this email (if any)."""
    digits = "".join(ch for ch in typed if ch.isdigit())
    if len(digits) != CODE_LENGTH or len(typed) > 40:
        raise CodeRefused(f"The code in the email has {CODE_LENGTH} digits; enter all of them.")
    now = ctx.clock()
    with ctx.db.transaction() as session:
        hold_write_lock(session)
        if live_row(session, session_id, now) is None:
            raise CodeRefused("This page has expired; ask for a new code.")
        row = session.scalars(
            select(SignInCode)
            .where(SignInCode.session_id == session_id)
            .order_by(SignInCode.id.desc())
            .limit(1)
            .with_for_update()
        ).first()
        if row is None:
            raise CodeRefused("No code was asked for on this page; enter your email to get one.")
        if row.used_at is not None:
            raise CodeRefused("That code was used already; ask for a new code.")
        if row.expires_at <= now:
            raise CodeRefused("That code has expired (codes last 10 minutes); ask for a new one.")
        if row.wrong_tries >= TRIES:
            raise CodeRefused("Too many wrong tries for that code; ask for a new one.")
        if not hmac.compare_digest(row.code_hash, _code_hash(row.id, digits)):
            row.wrong_tries += 1  # kept: the transaction commits, then the refusal is raised
            left = TRIES - row.wrong_tries
            wrong = (
                f"That code is not right; check the email and try again ({left} tr{'y' if left == 1 else 'ies'} left)."
                if left
                else "Too many wrong tries for that code; ask for a new one."
            )
        else:
            wrong = None
            row.used_at = now
            person_id = session.scalar(select(PersonEmail.person_id).where(PersonEmail.address == row.email))
            token, visit = begin_signed_in(
                ctx, session, session_id, method="email", email=row.email, netid=None, person_id=person_id
            )
    if wrong is not None:
        raise CodeRefused(wrong)
    return SignedIn(token, visit)


def _mail(settings: OfficeSettings, email: str, code: str) -> OutgoingMail:
    office = settings.provider_name or "CME office"
    minutes = int(CODE_VALID.total_seconds() // 60)
    contact = f"\n{settings.help_contact}" if settings.help_contact else ""
    text = (
        f"Your code to sign in to the {office} portal:\n\n    {code}\n\n"
        f"Enter it on the page where you asked for it, within {minutes} minutes.\n\n"
        "If you did not ask for it, ignore this email: nobody can sign in without the code.\n\n"
        f"{office}{contact}\n"
    )
    html = (
        f"<p>Your code to sign in to the {escape(office)} portal:</p>"
        f'<p style="font-size:24px;letter-spacing:4px;font-family:monospace"><strong>{code}</strong></p>'
        f"<p>Enter it on the page where you asked for it, within {minutes} minutes.</p>"
        "<p>If you did not ask for it, ignore this email: nobody can sign in without the code.</p>"
        f"<p>{escape(office)}"
        + (f"<br>{escape(settings.help_contact)}" if settings.help_contact else "")
        + "</p>"
    )
    return OutgoingMail(email, f"Your sign-in code: {code}", text, html, "portal sign-in code")
