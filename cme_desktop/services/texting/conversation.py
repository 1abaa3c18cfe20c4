"""The texting conversation of the seed document: link a phone by texting an email, then "Attend 2356446".

Each inbound text is handled once per provider message id (Twilio retries the same MessageSid): the first
delivery is answered and logged; a repeat gets the same answer from the log. Every text, in and out, is kept in
the texting log with its outcome. Opted-out numbers are sent nothing until they opt back in (DOMAIN.md, "SMS").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import cast

from sqlalchemy import Connection, Insert, Table, bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cme_desktop.domain.localtime import say_time
from cme_desktop.domain.phones import InvalidPhone, normalize_phone
from cme_desktop.domain.sms import (
    EXAMPLE_CODE,
    LOCKOUT,
    MAX_CODES_PER_TEXT,
    WRONG_CODE_WINDOW,
    ParsedText,
    TextKind,
    locked_until,
    parse_text,
)
from cme_desktop.domain.twilio import twiml
from cme_desktop.domain.vocabulary import ClaimChannel, MessageDirection
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.attendance.claims import (
    ClaimOutcome,
    ClaimRefused,
    ClaimRequest,
    Refusal,
    record_in,
)
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import read_settings
from cme_desktop.store.messages import TextMessage
from cme_desktop.store.people import Person, PersonEmail, PersonPhone

# Per-code results, joined with "+" into a text's outcome ("recorded+wrong").
_REFUSAL_WORDS = {
    Refusal.UNKNOWN_CODE: "wrong",
    Refusal.REPLACED_CODE: "replaced",
    Refusal.NOT_OPEN_YET: "not_open",
    Refusal.CLOSED: "closed",
    Refusal.CANCELLED: "cancelled",
    Refusal.WITHDRAWN: "withdrawn",
}
WRONG = "wrong"


@dataclass(frozen=True)
class InboundText:
    sid: str
    sender: str
    to: str | None
    body: str


@dataclass(frozen=True)
class TextReply:
    messages: tuple[str, ...]
    outcome: str
    duplicate: bool = False

    def twiml(self) -> str:
        return twiml(self.messages)


@dataclass(frozen=True)
class _Office:
    program: str
    help_contact: str
    portal_url: str


@dataclass(frozen=True)
class _Phone:
    """The sender's phone row, if the phone is linked to a profile."""

    id: int
    person_id: int
    opted_out: bool
    # Texts from this phone with a wrong code lately: almost always 0, and then the rate limit needs no query.
    recent_wrong_texts: int


class _AnsweredAlready(Exception):
    """This delivery's message id was logged by an earlier (or racing) delivery of the same text."""


def handle_inbound(ctx: Context, text: InboundText) -> TextReply:
    """Answer one inbound text, once per message id, in one transaction.

    The text is logged last, with its outcome, and its message id is unique: a repeat delivery (Twilio retries)
    finds the id taken, rolls back whatever it did, and is answered from the log, as is a repeat that raced the
    first delivery and lost. A burst of "Attend" texts at the end of a session is the gateway's hot path, so
    every statement here is built once and run as Core (no ORM objects).
    """
    if not text.sid.strip():
        raise InputError("The text has no message id.")
    try:
        return _answer(ctx, text)
    except (_AnsweredAlready, IntegrityError) as error:
        with ctx.db.transaction() as session:
            replay = _replay(session, text.sid)
        if replay is None:
            raise error
        return replay


def _answer(ctx: Context, text: InboundText) -> TextReply:
    phone = phone_key(text.sender)
    now = ctx.clock()
    office_number = (text.to or None) and text.to[:20]
    with ctx.db.transaction() as session:
        connection = session.connection()
        found = connection.execute(
            _PHONE, {"phone": phone, "since": now - WRONG_CODE_WINDOW - LOCKOUT}
        ).first()
        phone_row = _Phone(*found) if found is not None else None
        parsed = parse_text(text.body)
        opted_out = _opted_out(connection, phone, phone_row)
        messages, outcome, person_id = _respond(ctx, session, parsed, text, phone, phone_row, now)
        if opted_out and parsed.kind != TextKind.OPT_IN:
            messages = []
        if person_id is None and phone_row is not None:
            person_id = phone_row.person_id
        inbound_id = connection.execute(
            _statements(connection.dialect.name).insert_inbound,
            {
                "direction": str(MessageDirection.INBOUND),
                "provider_sid": text.sid[:64],
                "phone": phone,
                "office_number": office_number,
                "body": text.body[:1600],
                "at": now,
                "person_id": person_id,
                "outcome": outcome[:40],
            },
        ).scalar()
        if inbound_id is None:
            raise _AnsweredAlready
        if messages:
            connection.execute(
                _INSERT_MESSAGE,
                [
                    {
                        "direction": str(MessageDirection.OUTBOUND),
                        "provider_sid": None,
                        "phone": phone,
                        "office_number": office_number,
                        "body": message,
                        "at": now,
                        "person_id": person_id,
                        "outcome": outcome[:40],
                        "reply_to_id": inbound_id,
                    }
                    for message in messages
                ],
            )
        return TextReply(tuple(messages), outcome)


def phone_key(sender: str) -> str:
    """The sender as stored: E.164 where it is a phone number, else as given (short codes, test senders)."""
    try:
        return normalize_phone(sender)
    except InvalidPhone:
        return sender.strip()[:20]


_MESSAGES = cast(Table, TextMessage.__table__)
_INSERT_MESSAGE = insert(_MESSAGES)
_WRONG_CODE_FILTER = (
    TextMessage.phone == bindparam("phone"),
    TextMessage.direction == str(MessageDirection.INBOUND),
    TextMessage.at >= bindparam("since"),
    TextMessage.outcome.contains(WRONG),
)
_PHONE = select(
    PersonPhone.id,
    PersonPhone.person_id,
    PersonPhone.opted_out,
    select(func.count()).where(*_WRONG_CODE_FILTER).scalar_subquery(),
).where(PersonPhone.e164 == bindparam("phone"))
_LAST_OPT_WORD = (
    select(TextMessage.outcome)
    .where(
        TextMessage.phone == bindparam("phone"),
        TextMessage.outcome.in_(("opted_out", "opted_in")),
    )
    .order_by(TextMessage.at.desc(), TextMessage.id.desc())
    .limit(1)
)
_WRONG_CODES = select(TextMessage.at, TextMessage.outcome).where(*_WRONG_CODE_FILTER)
_SET_OPTED_OUT = (
    update(PersonPhone)
    .where(PersonPhone.id == bindparam("phone_id"))
    .values(opted_out=bindparam("opted_out"), opted_out_at=bindparam("opted_out_at"))
)


@dataclass(frozen=True)
class _Statements:
    insert_inbound: Insert


@cache
def _statements(dialect: str) -> _Statements:
    """Log the text unless its message id is already logged: the unique id makes a retry a replay."""
    insert_for_dialect = pg_insert if dialect == "postgresql" else sqlite_insert
    return _Statements(
        insert_for_dialect(_MESSAGES)
        .on_conflict_do_nothing(index_elements=["provider_sid"])
        .returning(_MESSAGES.c.id)
    )


def _replay(session: Session, sid: str) -> TextReply | None:
    """The answer logged for a message id, or None when it was never answered."""
    inbound = session.scalars(select(TextMessage).where(TextMessage.provider_sid == sid[:64])).first()
    if inbound is None:
        return None
    replies = session.scalars(
        select(TextMessage.body).where(TextMessage.reply_to_id == inbound.id).order_by(TextMessage.id)
    )
    return TextReply(tuple(replies), inbound.outcome or "", duplicate=True)


def _opted_out(connection: Connection, phone: str, phone_row: _Phone | None) -> bool:
    if phone_row is not None:
        return phone_row.opted_out
    last = connection.execute(_LAST_OPT_WORD, {"phone": phone}).scalar()
    return last == "opted_out"


def _office(session: Session) -> _Office:
    settings = read_settings(session)
    return _Office(
        program=settings.provider_name or "CME attendance",
        help_contact=settings.help_contact or "the CME office",
        portal_url=settings.portal_url,
    )


def _respond(
    ctx: Context,
    session: Session,
    parsed: ParsedText,
    text: InboundText,
    phone: str,
    phone_row: _Phone | None,
    now: datetime,
) -> tuple[list[str], str, int | None]:
    """The replies, the outcome word and the person the text concerns."""
    if parsed.kind == TextKind.ATTEND:
        if phone_row is None:
            return [_how_to_link()], "unknown_phone", None
        return _attend(ctx, session, parsed, text, phone, phone_row, now)
    if parsed.kind == TextKind.OPT_OUT:
        if phone_row is not None:
            session.execute(
                _SET_OPTED_OUT, {"phone_id": phone_row.id, "opted_out": True, "opted_out_at": now}
            )
        return [], "opted_out", None
    office = _office(session)
    if parsed.kind == TextKind.OPT_IN:
        if phone_row is not None:
            session.execute(
                _SET_OPTED_OUT, {"phone_id": phone_row.id, "opted_out": False, "opted_out_at": None}
            )
        again = (
            f"{office.program}: you will get replies to your texts again. Text HELP for help, STOP to stop."
        )
        return [again], "opted_in", None
    if parsed.kind == TextKind.HELP:
        return (
            [
                f"{office.program}: record CME attendance by texting Attend and the activity code, e.g. Attend "
                f"{EXAMPLE_CODE}. Help: {office.help_contact}. Msg&data rates may apply. Reply STOP to stop."
            ],
            "help",
            None,
        )
    if parsed.kind == TextKind.LINK:
        assert parsed.email is not None
        return _link(ctx, session, parsed.email, phone, phone_row, office)
    return (
        [
            f"To record attendance, text Attend and the activity code, e.g. Attend {EXAMPLE_CODE}. "
            "First time? Text your email address to link this phone. Text HELP for help."
        ],
        "not_understood",
        None,
    )


def _how_to_link() -> str:
    return (
        "This phone is not linked to a CME profile yet. Text your email address to link it, "
        f"then text Attend and the activity code (e.g. Attend {EXAMPLE_CODE})."
    )


def _link(
    ctx: Context, session: Session, email: str, phone: str, phone_row: _Phone | None, office: _Office
) -> tuple[list[str], str, int | None]:
    found = session.scalars(select(PersonEmail).where(PersonEmail.address == email)).first()
    if found is None:
        where = f"at {office.portal_url}" if office.portal_url else f"with {office.help_contact}"
        return (
            [f"No CME profile uses {email}. Create one {where}, or text the email address on your profile."],
            "unknown_email",
            None,
        )
    person = session.get(Person, found.person_id)
    assert person is not None
    if phone_row is not None and phone_row.person_id == person.id:
        already = f"Thanks, {person.first_name}: this phone is already linked to your CME profile."
        return [already], "already_linked", person.id
    if phone_row is not None:
        return (
            [
                f"This phone is already linked to another CME profile; contact {office.help_contact} to change it."
            ],
            "link_refused",
            phone_row.person_id,
        )
    row = PersonPhone(person_id=person.id, e164=phone, verified=True, opted_out=False)
    session.add(row)
    session.flush()
    audit.record(ctx, session, "phone.link", "person", person.id, None, {"phone": phone, "by": "text"})
    return (
        [
            f"Thanks, {person.first_name}: this phone is now linked to your CME profile ({email}). To record "
            f"attendance, text Attend and the activity code, e.g. Attend {EXAMPLE_CODE}."
        ],
        "linked",
        person.id,
    )


def _attend(
    ctx: Context,
    session: Session,
    parsed: ParsedText,
    text: InboundText,
    phone: str,
    phone_row: _Phone,
    now: datetime,
) -> tuple[list[str], str, int | None]:
    person_id = phone_row.person_id
    recent = _wrong_code_times(session, phone, now) if phone_row.recent_wrong_texts else []
    until = locked_until(recent, now)
    if until is not None:
        zone = read_settings(session).zone
        return (
            [
                f"Too many wrong codes from this phone. Try again after {say_time(until.astimezone(zone).time())}."
            ],
            "rate_limited",
            person_id,
        )
    if not parsed.codes:
        shown = f" ({', '.join(parsed.malformed)} is not 7 digits)" if parsed.malformed else ""
        return (
            [f"Activity codes have 7 digits{shown}: text e.g. Attend {EXAMPLE_CODE}."],
            "no_code",
            person_id,
        )
    lines: list[str] = []
    words: list[str] = []
    for code in parsed.codes[:MAX_CODES_PER_TEXT]:
        request = ClaimRequest(
            person_id, ClaimChannel.TEXT, code=code, evidence={"message_sid": text.sid, "phone": phone}
        )
        try:
            result = record_in(ctx, session, request)
        except ClaimRefused as refused:
            lines.append(str(refused))
            words.append(_REFUSAL_WORDS.get(refused.reason, "refused"))
            continue
        if result.outcome == ClaimOutcome.ALREADY_RECORDED:
            lines.append(f"Already recorded: {result.confirmation()}.")
            words.append("already")
        else:
            lines.append(f"Recorded: {result.confirmation()}.")
            words.append("recorded")
    if len(parsed.codes) > MAX_CODES_PER_TEXT:
        lines.append(f"Send at most {MAX_CODES_PER_TEXT} codes in one text; the others were not read.")
    return ["\n".join(lines)], "+".join(words), person_id


def _wrong_code_times(session: Session, phone: str, now: datetime) -> list[datetime]:
    """One instant per wrong code this phone sent lately (a text with two wrong codes counts twice)."""
    rows = session.connection().execute(
        _WRONG_CODES, {"phone": phone, "since": now - WRONG_CODE_WINDOW - LOCKOUT}
    )
    return [at for at, outcome in rows for word in (outcome or "").split("+") if word == WRONG]
