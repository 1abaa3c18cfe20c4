"""Issue 16's faults, each reproduced against the server over real HTTP: slow clients, opt-outs, bad input,
the office's number and account, the default port in signatures, the Server header and the log."""

from __future__ import annotations

import contextlib
import http.client
import logging
import socket
import threading
import time
import urllib.parse

import pytest
from sqlalchemy import func, select

from cme_desktop.domain.twilio import signature
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.people.profiles import get_profile
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.messages import TextMessage
from cme_desktop.web.config import Limits
from cme_desktop.web.server import running
from tests.services.attendance_factory import Setting, build
from tests.web.helpers import ACCOUNT, OFFICE, TOKEN, new_sid, post, replies, sms

NEW_PHONE = "+18435550199"


def count(ctx: Context, model: type) -> int:
    with ctx.db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def test_two_hundred_slow_clients_do_not_delay_a_real_text(ctx: Context, setting: Setting) -> None:
    """Issue 16: 16 clients sending a byte a second stopped every text. The one timing check the issue asks
    for: with 200 such clients connected, a text is answered within 1 s of how fast it is answered alone."""
    limits = Limits(header_seconds=4, body_seconds=4)
    stop = threading.Event()
    with running(ctx, token=TOKEN, limits=limits) as (port, config):
        started = time.perf_counter()
        assert post(port, config, sms("HELP", "+18435550101"))[0] == 200
        alone = time.perf_counter() - started
        slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(200)]
        request = b"POST /twilio/sms HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789"

        def trickle() -> None:
            for index in range(len(request)):
                if stop.wait(0.2):
                    return
                for client in slow:
                    with contextlib.suppress(OSError):
                        client.send(request[index : index + 1])

        trickler = threading.Thread(target=trickle, daemon=True)
        trickler.start()
        time.sleep(1)  # every slow client has sent a few bytes
        try:
            started = time.perf_counter()
            status, body = post(port, config, sms(f"Attend {setting.now_code}", "+18435550101"), timeout=5)
            with_slow_clients = time.perf_counter() - started
        finally:
            stop.set()
            trickler.join(5)
        assert status == 200 and replies(body)[0].startswith("Recorded:")
        assert with_slow_clients < alone + 1.0
        # And the deadline ends them: each slow client is answered 408 and closed.
        cut_off = 0
        for client in slow:
            client.settimeout(10)
            with contextlib.suppress(OSError):
                cut_off += client.recv(64).startswith(b"HTTP/1.1 408")
            client.close()
        assert cut_off == 200


def test_an_idle_kept_alive_connection_is_closed(ctx: Context, setting: Setting) -> None:
    limits = Limits(keep_alive_seconds=1)
    with running(ctx, token=TOKEN, limits=limits) as (port, _config):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/healthz")
        assert connection.getresponse().read() == b"ok\n"
        assert connection.sock is not None
        connection.sock.settimeout(10)
        assert connection.sock.recv(10) == b""  # the server closed it after a second of silence
        connection.close()


def test_a_stop_from_an_unlinked_phone_holds_after_it_is_linked(ctx: Context, setting: Setting) -> None:
    """Issue 16: an unlinked phone texted STOP, then an email, and was linked as not opted out (DOMAIN.md, "SMS":
    an opted-out number gets no further messages)."""
    update_settings(ctx, {"phone_linking": "direct"})
    with running(ctx, token=TOKEN) as (port, config):
        assert replies(post(port, config, sms("STOP", NEW_PHONE))[1]) == []
        assert replies(post(port, config, sms("ray.moss@example.org", NEW_PHONE))[1]) == []
        assert replies(post(port, config, sms(f"Attend {setting.now_code}", NEW_PHONE))[1]) == []
        assert [p.opted_out for p in get_profile(ctx, setting.nurse).phones] == [True]
        assert replies(post(port, config, sms("START", NEW_PHONE))[1])
        assert replies(post(port, config, sms("HELP", NEW_PHONE))[1])
    assert count(ctx, AttendanceClaim) == 1  # recorded silently while opted out


def test_twilios_opt_out_type_is_honoured_and_answered_by_twilio(ctx: Context, setting: Setting) -> None:
    """With Advanced Opt-Out, Twilio names the keyword it matched (a custom one, here "ARRET") and answers it."""
    phone = "+18435550101"
    with running(ctx, token=TOKEN) as (port, config):
        assert replies(post(port, config, sms("ARRET", phone, OptOutType="STOP"))[1]) == []
        assert replies(post(port, config, sms("help", phone))[1]) == []  # opted out: nothing is sent
        assert (
            replies(post(port, config, sms("Commencer", phone, OptOutType="START"))[1]) == []
        )  # Twilio answers
        assert replies(post(port, config, sms("help", phone))[1])
    assert [p.opted_out for p in get_profile(ctx, setting.physician).phones] == [False]


def test_a_carriers_refusal_opts_the_number_out(ctx: Context, setting: Setting) -> None:
    report = {
        "MessageSid": new_sid(),
        "MessageStatus": "undelivered",
        "ErrorCode": "21610",
        "From": OFFICE,
        "To": "+18435550101",
        "AccountSid": ACCOUNT,
    }
    with running(ctx, token=TOKEN) as (port, config):
        assert post(port, config, report, path="/twilio/status")[0] == 200
        assert replies(post(port, config, sms("help", "+18435550101"))[1]) == []
    assert [p.opted_out for p in get_profile(ctx, setting.physician).phones] == [True]


def test_a_status_callback_sent_to_the_texting_address_is_not_a_text(ctx: Context, setting: Setting) -> None:
    """Issue 16: a status callback was stored as an inbound text from the office's own number."""
    report = {"MessageSid": new_sid(), "MessageStatus": "delivered", "From": OFFICE, "To": "+18435550101"}
    with running(ctx, token=TOKEN) as (port, config):
        assert post(port, config, report)[0] == 200
    assert count(ctx, TextMessage) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("Body", "Attend\x00 1234567"), ("From", "+1843555\x000101"), ("Body", "caf\udce9")],
)
def test_nul_bytes_are_dropped_and_never_a_500(
    ctx: Context, setting: Setting, field: str, value: str
) -> None:
    fields = sms("hello", "+18435550101")
    fields[field] = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    with running(ctx, token=TOKEN) as (port, config):
        status, _ = post(port, config, fields)
    assert status == 200


def test_invalid_utf8_and_broken_requests_get_400(ctx: Context, setting: Setting) -> None:
    with running(ctx, token=TOKEN) as (port, config):
        raw = b"MessageSid=SM" + b"0" * 32 + b"&From=%2B18435550101&Body=caf%E9"
        assert post(port, config, {}, body=raw, sign=False)[0] == 400
        for sid in ("   ", "SM1", "SMxyz" + "0" * 29, "AC" + "0" * 32):
            assert post(port, config, sms("hi", "+18435550101", sid=sid))[0] == 400
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.sendall(b"POST /twilio/sms HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n")
            client.settimeout(10)
            assert client.recv(64).startswith(b"HTTP/1.1 400")
    assert count(ctx, TextMessage) == 0


def test_texts_to_another_number_or_account_get_an_empty_answer(
    ctx: Context, setting: Setting, caplog: pytest.LogCaptureFixture
) -> None:
    update_settings(ctx, {"texting_number": OFFICE, "twilio_account_sid": ACCOUNT})
    with caplog.at_level(logging.INFO), running(ctx, token=TOKEN) as (port, config):
        elsewhere = sms(f"Attend {setting.now_code}", "+18435550101", To="+18435550000")
        other_account = sms(f"Attend {setting.now_code}", "+18435550101", AccountSid="AC" + "f" * 32)
        for fields in (elsewhere, other_account):
            status, body = post(port, config, fields)
            assert (status, replies(body)) == (200, [])
        assert replies(post(port, config, sms("HELP", "+18435550101"))[1])  # the office's own still works
    assert count(ctx, AttendanceClaim) == 0
    assert "not to the office's number or account" in caplog.text
    assert "+18435550000" not in caplog.text and "+18435550101" not in caplog.text


@pytest.mark.parametrize(
    "signed", ["https://sms.example.edu:443/twilio/sms", "https://sms.example.edu/twilio/sms"]
)
@pytest.mark.parametrize("public", ["https://sms.example.edu", "https://sms.example.edu:443"])
def test_signatures_with_and_without_the_default_port_are_accepted(
    ctx: Context, setting: Setting, signed: str, public: str
) -> None:
    with running(ctx, public_url=public, token=TOKEN) as (port, config):
        assert post(port, config, sms("HELP", "+18435550101"), signed_url=signed)[0] == 200
        other_port = "https://sms.example.edu:8443/twilio/sms"
        assert post(port, config, sms("HELP", "+18435550101"), signed_url=other_port)[0] == 403


def test_get_is_refused_without_the_query_reaching_the_log_and_no_server_header(
    ctx: Context, setting: Setting, caplog: pytest.LogCaptureFixture
) -> None:
    query = urllib.parse.urlencode(sms(f"Attend {setting.now_code}", "+18435550101"))
    with caplog.at_level(logging.DEBUG), running(ctx, token=TOKEN) as (port, _config):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", f"/twilio/sms?{query}")
        response = connection.getresponse()
        response.read()
        connection.request("PUT", "/twilio/sms", body="Body=Attend+1234567&From=%2B18435550101")
        put = connection.getresponse()
        put.read()
        connection.close()
    assert (response.status, put.status) == (405, 405)
    assert response.getheader("Server") is None
    assert "/twilio/sms" in caplog.text  # the request is logged ...
    assert (
        "8435550101" not in caplog.text and setting.now_code not in caplog.text
    )  # ... without what it carried


def test_sensitive_digits_are_masked_in_the_log(ctx: Context, setting: Setting) -> None:
    with running(ctx, token=TOKEN) as (port, config):
        post(port, config, sms("my ssn is 123-45-6789 and card 4111 1111 1111 1111", "+18435550101"))
    with ctx.db.transaction() as session:
        [body] = session.scalars(select(TextMessage.body).where(TextMessage.direction == "in")).all()
    assert (
        body
        == "my ssn is \u2022\u2022\u2022-\u2022\u2022-\u2022\u2022\u2022\u2022 and card \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 1111"
    )


def test_a_signature_over_a_url_with_a_query_is_checked_over_the_public_address(
    ctx: Context, setting: Setting
) -> None:
    fields = sms("HELP", "+18435550101")
    with running(ctx, public_url="https://sms.example.edu", token=TOKEN) as (port, _config):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        pairs = list(fields.items())
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": signature(TOKEN, "https://sms.example.edu/twilio/sms?office=1", pairs),
        }
        connection.request("POST", "/twilio/sms?office=1", urllib.parse.urlencode(pairs), headers)
        assert connection.getresponse().status == 200
        connection.close()


def test_the_server_applies_the_retention_period_when_it_starts(ctx: Context, setting: Setting) -> None:
    from dataclasses import replace
    from datetime import timedelta

    from cme_desktop.clock import frozen_clock
    from cme_desktop.services.texting.conversation import InboundText, handle_inbound

    long_ago = replace(ctx, clock=frozen_clock(ctx.clock() - timedelta(days=200)))
    handle_inbound(long_ago, InboundText(new_sid(), "+18435550177", OFFICE, "who is this? 123-45-6789"))
    assert count(ctx, TextMessage) == 2
    with running(ctx, token=TOKEN, retention_job=True):
        deadline = time.monotonic() + 30
        while count(ctx, TextMessage) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert count(ctx, TextMessage) == 0  # a number never linked: its texts went after 180 days
