"""Linking a phone by text (issue 16): a code emailed to the profile's address, the same reply for any address,
limits per phone and per address, and the direct linking an office without mail can choose."""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from cme_desktop.clock import frozen_clock
from cme_desktop.services.attendance.queries import session_attendance
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.texting.conversation import InboundText, TextReply, handle_inbound
from cme_desktop.store.db import Database
from cme_desktop.store.messages import PhoneLinkRequest
from cme_desktop.store.people import PersonPhone
from tests.services.attendance_factory import Setting, add_person, build

NEW_PHONE = "+18435550199"
RAY = "ray.moss@example.org"  # Ray Moss, RN: no phone yet
_sids = itertools.count(1)


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def text(ctx: Context, body: str, sender: str = NEW_PHONE, sid: str | None = None) -> TextReply:
    return handle_inbound(ctx, InboundText(sid or f"SM{next(_sids):032x}", sender, "+18335582111", body))


def code_in(reply: TextReply) -> str:
    [mail] = reply.mail
    found = re.search(r"\b\d{6}\b", mail.text)
    assert found is not None
    return found.group(0)


def phone_of(ctx: Context, phone: str) -> PersonPhone | None:
    with ctx.db.transaction() as session:
        row = session.scalars(select(PersonPhone).where(PersonPhone.e164 == phone)).first()
        if row is not None:
            session.expunge(row)
        return row


def test_the_code_goes_to_the_address_and_only_the_code_links_the_phone(
    ctx: Context, setting: Setting
) -> None:
    asked = text(ctx, RAY)
    [mail] = asked.mail
    assert (mail.to, mail.purpose) == (RAY, "phone link code")
    code = code_in(asked)
    assert code in mail.html and "Hello Ray" in mail.text
    assert phone_of(ctx, NEW_PHONE) is None  # nothing is linked before the code comes back
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert text(ctx, wrong).outcome == "link_code_wrong"
    linked = text(ctx, f"Code: {code[:3]} {code[3:]}")
    assert linked.outcome == "linked"
    phone = phone_of(ctx, NEW_PHONE)
    assert phone is not None and phone.person_id == setting.nurse and phone.verified
    assert text(ctx, f"Attend {setting.now_code}").outcome == "recorded"


def test_someone_elses_phone_cannot_be_linked_without_their_mailbox(ctx: Context, setting: Setting) -> None:
    """The fault in issue 16: texting anyone's email linked the phone and named the person."""
    asked = text(
        ctx, "jane.doe@example.org", sender="+18435550177"
    )  # Jane has a phone already; this is not it
    assert "Jane" not in asked.messages[0] and "Doe" not in asked.messages[0]
    for guess in ("000000", "123456", "999999", "654321", "111111"):
        assert text(ctx, guess, sender="+18435550177").outcome == "link_code_wrong"
    # The request is used up after five wrong codes: even the right one no longer links.
    assert text(ctx, code_in(asked), sender="+18435550177").outcome == "link_code_unknown"
    assert phone_of(ctx, "+18435550177") is None


def test_a_code_expires_after_thirty_minutes(ctx: Context, setting: Setting) -> None:
    code = code_in(text(ctx, RAY))
    later = replace(ctx, clock=frozen_clock(ctx.clock() + timedelta(minutes=31)))
    assert text(later, code).outcome == "link_code_unknown"
    assert phone_of(ctx, NEW_PHONE) is None


def test_link_requests_are_limited_per_phone_and_per_address(ctx: Context, setting: Setting) -> None:
    for _ in range(3):
        assert text(ctx, "nobody@example.org").outcome == "unknown_email"
    limited = text(ctx, RAY)  # a fourth request from this phone within the hour, known address or not
    assert limited.outcome == "link_limited"
    assert limited.messages == ("Too many requests to link this phone. Try again after 12:00 PM.",)
    assert limited.mail == ()
    # The address too: three phones asking for Ray's profile, then a fourth is refused.
    for index in range(3):
        assert text(ctx, RAY, sender=f"+1843555017{index}").outcome == "link_code_sent"
    assert text(ctx, RAY, sender="+18435550179").outcome == "link_limited"
    an_hour_later = replace(ctx, clock=frozen_clock(ctx.clock() + timedelta(hours=1, seconds=1)))
    assert text(an_hour_later, RAY, sender="+18435550179").outcome == "link_code_sent"


def test_the_office_keeps_no_address_it_was_texted(ctx: Context, setting: Setting) -> None:
    text(ctx, "stranger@example.org")
    with ctx.db.transaction() as session:
        request = session.scalars(select(PhoneLinkRequest)).one()
        assert "stranger" not in request.email_key and request.code_hash is None


def test_direct_linking_links_at_once_unconfirmed_and_flags_the_claims(
    ctx: Context, setting: Setting
) -> None:
    update_settings(ctx, {"phone_linking": "direct"})
    unknown = text(ctx, "nobody@example.org", sender="+18435550170")
    linked = text(ctx, RAY)
    assert (unknown.outcome, linked.outcome) == ("unknown_email", "linked_unconfirmed")
    assert linked.mail == ()
    assert linked.messages[0].startswith(
        "If r\u2022\u2022\u2022@example.org is on a CME profile, this phone is now"
    )
    assert unknown.messages[0].replace("n\u2022\u2022\u2022", "r\u2022\u2022\u2022") == linked.messages[0]
    phone = phone_of(ctx, NEW_PHONE)
    assert phone is not None and not phone.verified
    assert text(ctx, f"Attend {setting.now_code}").outcome == "recorded"
    [claim] = session_attendance(ctx, setting.now_session).claims
    assert "texted from an unconfirmed phone" in claim.flags
    assert [c.person_id for c in session_attendance(ctx, setting.now_session).to_review] == [setting.nurse]


def test_a_linked_phone_cannot_be_moved_to_another_profile(ctx: Context, setting: Setting) -> None:
    reply = text(ctx, RAY, sender="+18435550101")  # Jane Doe's phone
    assert reply.outcome == "link_refused" and reply.mail == ()
    assert phone_of(ctx, "+18435550101").person_id == setting.physician  # type: ignore[union-attr]


@pytest.mark.postgres
def test_one_phone_confirming_twice_at_once_is_linked_once_without_an_error(
    postgres_db: Database, clock_now: datetime
) -> None:
    """Issue 16: two texts linking one new phone at once (different message ids) gave HTTP 500 on PostgreSQL."""
    ctx = Context(postgres_db, clock=frozen_clock(clock_now))
    build(ctx)
    update_settings(ctx, {"phone_linking": "direct"})
    for trial in range(5):
        phone, email = f"+1843555016{trial}", f"race{trial}@example.org"
        add_person(ctx, f"Racer{trial}", "Lane", "MD", email)
        start = threading.Barrier(2)
        replies: list[TextReply] = []

        def link(
            phone: str = phone,
            email: str = email,
            start: threading.Barrier = start,
            out: list[TextReply] = replies,
        ) -> None:
            start.wait()
            out.append(text(ctx, email, sender=phone))

        threads = [threading.Thread(target=link) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(r.outcome for r in replies) == ["already_linked", "linked_unconfirmed"]
        assert phone_of(ctx, phone) is not None
