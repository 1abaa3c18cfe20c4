"""The texting conversation of the seed document and DOMAIN.md's SMS rules, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as text_sql

from cme_desktop.clock import frozen_clock
from cme_desktop.services.attendance.queries import session_attendance
from cme_desktop.services.context import Context
from cme_desktop.services.texting.conversation import InboundText, handle_inbound
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.db import Database
from cme_desktop.store.messages import TextMessage
from cme_desktop.store.people import PersonPhone
from tests.services.attendance_factory import Setting, build

NEW_PHONE = "+18435550199"
LINKED_PHONE = "+18435550101"  # Jane Doe, MD
_sids = itertools.count(1)


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def text(ctx: Context, body: str, sender: str = LINKED_PHONE, sid: str | None = None):  # type: ignore[no-untyped-def]
    return handle_inbound(ctx, InboundText(sid or f"SM{next(_sids):032d}", sender, "+18335582111", body))


def emailed_code(mail_text: str) -> str:
    found = re.search(r"\b\d{6}\b", mail_text)
    assert found is not None, mail_text
    return found.group(0)


def _count(ctx: Context, model: type) -> int:
    with ctx.db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_seed_conversation_link_by_email_then_attend(ctx: Context, setting: Setting) -> None:
    first = text(ctx, f"Attend {setting.now_code}", sender=NEW_PHONE)
    assert first.outcome == "unknown_phone"
    assert "Text your email address" in first.messages[0]
    asked = text(ctx, "Ray.Moss@example.org", sender="(843) 555-0199")
    assert asked.outcome == "link_code_sent"
    assert asked.messages == (
        "If r•••@example.org is on a CME profile, we emailed it a 6-digit code. "
        "Text the code here within 30 minutes to link this phone.",
    )
    [mail] = asked.mail
    assert mail.to == "ray.moss@example.org"
    linked = text(ctx, emailed_code(mail.text), sender=NEW_PHONE)
    assert linked.outcome == "linked"
    assert "Thanks, Ray: this phone is now linked" in linked.messages[0]
    reply = text(ctx, f"ATTEND: {setting.now_code}", sender=NEW_PHONE)
    assert reply.outcome == "recorded"
    assert reply.messages == (
        "Recorded: Medicine Grand Rounds on Saturday, November 28, 2026: 1 credit (Nursing contact hours).",
    )
    claims = session_attendance(ctx, setting.now_session).claims
    assert [(c.person_id, c.channel, c.evidence["phone"]) for c in claims] == [
        (setting.nurse, "text", NEW_PHONE)
    ]


def test_the_same_message_id_is_answered_once_and_the_same_way(ctx: Context, setting: Setting) -> None:
    first = text(ctx, f"Attend {setting.now_code}", sid="SMdup")
    again = text(ctx, f"Attend {setting.now_code}", sid="SMdup")
    assert again.duplicate and not first.duplicate
    assert again.messages == first.messages
    assert again.outcome == "recorded"
    assert _count(ctx, AttendanceClaim) == 1
    assert _count(ctx, TextMessage) == 2  # one in, one out


def test_a_second_text_for_the_same_session_is_already_recorded(ctx: Context, setting: Setting) -> None:
    text(ctx, f"Attend {setting.now_code}")
    reply = text(ctx, f"attend #{setting.now_code}")
    assert reply.outcome == "already"
    assert reply.messages[0].startswith("Already recorded: Medicine Grand Rounds")
    assert _count(ctx, AttendanceClaim) == 1


def test_several_codes_in_one_text_each_get_a_line(ctx: Context, setting: Setting) -> None:
    reply = text(ctx, f"Attend {setting.now_code} {setting.past_code} 1000000")
    assert reply.outcome == "recorded+closed+wrong"
    lines = reply.messages[0].splitlines()
    assert lines[0].startswith("Recorded:")
    assert "closed on Wednesday, November 25, 2026" in lines[1]
    assert "1000000 is not an activity code" in lines[2]


def test_an_unknown_email_gets_the_same_reply_as_a_known_one_and_no_mail(
    ctx: Context, setting: Setting
) -> None:
    unknown = text(ctx, "nobody@example.org", sender=NEW_PHONE)
    known = text(ctx, "ray.moss@example.org", sender="+18435550198")
    assert unknown.outcome == "unknown_email" and known.outcome == "link_code_sent"
    assert unknown.messages == (
        "If n•••@example.org is on a CME profile, we emailed it a 6-digit code. "
        "Text the code here within 30 minutes to link this phone.",
    )
    assert unknown.messages[0].replace("n•••", "r•••") == known.messages[0]
    assert unknown.mail == ()
    assert text(ctx, "123456", sender=NEW_PHONE).outcome == "link_code_wrong"


def test_a_linked_phone_cannot_be_moved_to_another_profile_by_text(ctx: Context, setting: Setting) -> None:
    reply = text(ctx, "ray.moss@example.org", sender=LINKED_PHONE)
    assert reply.outcome == "link_refused"
    with ctx.db.transaction() as session:
        owner = session.scalars(select(PersonPhone.person_id).where(PersonPhone.e164 == LINKED_PHONE)).one()
    assert owner == setting.physician


def test_help_names_the_program_contact_rates_and_how_to_stop(ctx: Context, setting: Setting) -> None:
    # DOMAIN.md, "SMS": HELP and INFO get the program name, a help contact, "Msg&data rates may apply", how to stop.
    from cme_desktop.services.office.settings import update_settings

    update_settings(ctx, {"provider_name": "MUSC CME", "help_contact": "cme@example.edu"})
    for word in ("HELP", "info"):
        message = text(ctx, word).messages[0]
        assert message.startswith("MUSC CME:")
        assert "cme@example.edu" in message
        assert "Msg&data rates may apply" in message
        assert "STOP" in message


@pytest.mark.parametrize("sender", [LINKED_PHONE, NEW_PHONE])
def test_stop_sends_nothing_more_until_start(ctx: Context, setting: Setting, sender: str) -> None:
    # DOMAIN.md, "SMS": an opted-out number gets no further messages; START, YES, UNSTOP opt back in.
    assert text(ctx, "STOP", sender=sender).messages == ()
    assert text(ctx, "help", sender=sender).messages == ()
    assert text(ctx, "hello?", sender=sender).messages == ()
    back = text(ctx, "Unstop", sender=sender)
    assert back.outcome == "opted_in" and back.messages
    assert text(ctx, "help", sender=sender).messages


def test_an_opted_out_learner_who_texts_a_code_is_recorded_silently(ctx: Context, setting: Setting) -> None:
    text(ctx, "quit")
    reply = text(ctx, f"Attend {setting.now_code}")
    assert reply.messages == ()
    assert reply.outcome == "recorded"
    from cme_desktop.services.people.profiles import get_profile

    assert [p.opted_out for p in get_profile(ctx, setting.physician).phones] == [True]


def test_five_wrong_codes_in_ten_minutes_lock_the_phone_for_fifteen(ctx: Context, setting: Setting) -> None:
    start = ctx.clock()
    for minute in range(5):
        at = replace(ctx, clock=frozen_clock(start + timedelta(minutes=2 * minute)))
        assert text(at, f"Attend {1000000 + minute}").outcome == "wrong"
    locked = replace(ctx, clock=frozen_clock(start + timedelta(minutes=9)))
    refused = text(locked, f"Attend {setting.now_code}")
    assert refused.outcome == "rate_limited"
    assert "Try again after 11:23 AM" in refused.messages[0]
    assert _count(ctx, AttendanceClaim) == 0
    later = replace(ctx, clock=frozen_clock(start + timedelta(minutes=24)))
    assert text(later, f"Attend {setting.now_code}").outcome == "recorded"


def test_wrong_codes_spread_out_do_not_lock(ctx: Context, setting: Setting) -> None:
    start = ctx.clock()
    for minute in range(5):
        at = replace(ctx, clock=frozen_clock(start + timedelta(minutes=3 * minute)))
        text(at, f"Attend {1000000 + minute}")
    at = replace(ctx, clock=frozen_clock(start + timedelta(minutes=13)))
    assert text(at, f"Attend {setting.now_code}").outcome == "recorded"


def test_anything_else_gets_an_example(ctx: Context, setting: Setting) -> None:
    reply = text(ctx, "Hi, I was at grand rounds")
    assert reply.outcome == "not_understood"
    assert "Attend 2356446" in reply.messages[0]
    assert (
        text(ctx, "Attend 23564")
        .messages[0]
        .startswith("Activity codes have 7 digits (23564 is not 7 digits)")
    )


def test_the_log_is_searchable_and_a_coordinator_links_a_phone(ctx: Context, setting: Setting) -> None:
    from cme_desktop.services.texting.log import link_phone, list_messages

    text(ctx, f"Attend {setting.now_code}", sender=NEW_PHONE)
    rows = list_messages(ctx, "555-0199")
    assert [(r.direction, r.outcome, r.person_name) for r in rows] == [
        ("out", "unknown_phone", None),
        ("in", "unknown_phone", None),
    ]
    assert link_phone(ctx, "843 555 0199", setting.nurse) == NEW_PHONE
    assert {r.person_name for r in list_messages(ctx, "moss")} == {"Ray Moss"}
    with pytest.raises(ValueError, match="already linked to Ray Moss"):
        link_phone(ctx, NEW_PHONE, setting.physician)
    assert text(ctx, f"Attend {setting.now_code}", sender=NEW_PHONE).outcome == "recorded"


def test_a_repeated_link_text_is_answered_from_the_log(ctx: Context, setting: Setting) -> None:
    asked = text(ctx, "ray.moss@example.org", sender=NEW_PHONE)
    code = emailed_code(asked.mail[0].text)
    first = text(ctx, code, sender=NEW_PHONE, sid="SMlink")
    again = text(ctx, code, sender=NEW_PHONE, sid="SMlink")
    assert first.outcome == "linked" and again.duplicate
    assert again.messages == first.messages  # "now linked", not "already linked"
    assert _count(ctx, PersonPhone) == 2  # Jane's phone and this one


@pytest.mark.postgres
def test_a_repeat_delivery_that_races_the_first_is_answered_like_it(
    postgres_db: Database, clock_now: datetime
) -> None:
    """Twilio may deliver a text again while the first delivery is still being answered (DOMAIN.md, "SMS")."""
    ctx = Context(postgres_db, clock=frozen_clock(clock_now))
    build(ctx)
    first_answer = "Thanks, Ray: this phone is now linked (the first delivery)."
    # The pool is entered first so that it waits for the second delivery only after `first` has ended.
    with ThreadPoolExecutor(max_workers=1) as pool, postgres_db.engine.connect() as first:
        try:
            # The first delivery, mid-transaction: it has linked the phone and logged its answer, uncommitted.
            ray = first.execute(
                text_sql("SELECT person_id FROM person_emails WHERE address = 'ray.moss@example.org'")
            )
            person_id = ray.scalar()
            first.execute(
                text_sql("INSERT INTO person_phones (person_id, e164, verified) VALUES (:p, :e, true)"),
                {"p": person_id, "e": NEW_PHONE},
            )
            inbound = first.execute(
                text_sql(
                    "INSERT INTO text_messages (direction, provider_sid, phone, body, at, outcome) "
                    "VALUES ('in', 'SMrace', :e, 'ray.moss@example.org', now(), 'linked') RETURNING id"
                ),
                {"e": NEW_PHONE},
            ).scalar()
            first.execute(
                text_sql(
                    "INSERT INTO text_messages (direction, phone, body, at, outcome, reply_to_id) "
                    "VALUES ('out', :e, :b, now(), 'linked', :r)"
                ),
                {"e": NEW_PHONE, "b": first_answer, "r": inbound},
            )
            second = pool.submit(text, ctx, "ray.moss@example.org", NEW_PHONE, "SMrace")
            _wait_until_blocked(postgres_db)
            first.commit()
        finally:
            # When the wait failed, the row locks go, so the second delivery (and the pool) can finish.
            first.rollback()
        reply = second.result(timeout=30)
    assert reply.duplicate
    assert reply.messages == (first_answer,)
    assert _count(ctx, PersonPhone) == 2


def _wait_until_blocked(db: Database, within: float = 15.0) -> None:
    """Until another connection waits on a row lock (the second delivery's insert of the same phone).

    Each look is its own transaction: PostgreSQL takes one snapshot of pg_stat_activity per transaction, so
    looking again inside the same one would never see the wait begin.
    """
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with db.engine.connect() as watcher:
            waiting = watcher.execute(
                text_sql(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
            ).scalar()
        if waiting:
            return
        time.sleep(0.05)
    raise AssertionError("The second delivery never waited for the first one.")
