"""The webhook over real HTTP on 127.0.0.1: Twilio's signed form POST in, TwiML out (DOMAIN.md, "SMS")."""

from __future__ import annotations

import itertools
import logging
import socket
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from sqlalchemy import func, select, text

from cme_desktop.clock import frozen_clock
from cme_desktop.domain.twilio import signature
from cme_desktop.gateway import server as gateway_server
from cme_desktop.gateway.server import GatewayServer, WebhookHandler, running
from cme_desktop.services.context import Actor, Context
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.db import Database
from cme_desktop.store.messages import TextMessage
from tests.services.attendance_factory import Setting, add_person, build

TOKEN = "test-auth-token"
OFFICE = "+18335582111"
_sids = itertools.count(1)


def post(
    server: GatewayServer, fields: dict[str, str], sign: bool = True, token: str = TOKEN
) -> tuple[int, str]:
    url = server.config.webhook_url
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if sign:
        headers["X-Twilio-Signature"] = signature(token, url, fields)
    local = f"http://127.0.0.1:{server.server_address[1]}/twilio/sms"
    request = urllib.request.Request(local, urllib.parse.urlencode(fields).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def sms(body: str, sender: str, sid: str | None = None) -> dict[str, str]:
    return {
        "MessageSid": sid or f"SM{next(_sids):032x}",
        "AccountSid": "AC0123",
        "From": sender,
        "To": OFFICE,
        "Body": body,
        "NumMedia": "0",
    }


def replies(twiml: str) -> list[str]:
    return [m.text or "" for m in ET.fromstring(twiml).findall("Message")]


def count(ctx: Context, model: type) -> int:
    with ctx.db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def test_the_seed_conversation_over_http_ends_in_one_claim(ctx: Context, setting: Setting) -> None:
    phone = "+18435550177"
    with running(ctx, public_url="https://sms.example.edu/", token=TOKEN) as server:
        assert server.config.webhook_url == "https://sms.example.edu/twilio/sms"
        status, body = post(server, sms("ray.moss@example.org", phone))
        assert status == 200
        assert replies(body)[0].startswith("Thanks, Ray: this phone is now linked")
        attend = sms(f"Attend {setting.now_code}", phone)
        status, body = post(server, attend)
        assert status == 200
        assert replies(body) == [
            "Recorded: Medicine Grand Rounds on Saturday, November 28, 2026: 1 credit (Nursing contact hours)."
        ]
        # Twilio retries: the same MessageSid is handled once and answered the same way.
        again_status, again = post(server, attend)
        assert (again_status, again) == (200, body)
    assert count(ctx, AttendanceClaim) == 1


def test_forged_and_unsigned_requests_get_403_and_change_nothing(
    ctx: Context, setting: Setting, caplog: pytest.LogCaptureFixture
) -> None:
    fields = sms(f"Attend {setting.now_code}", "+18435550101")
    with caplog.at_level(logging.INFO), running(ctx, token=TOKEN) as server:
        assert post(server, fields, sign=False)[0] == 403
        assert post(server, fields, token="someone-else")[0] == 403
    assert count(ctx, TextMessage) == 0
    assert count(ctx, AttendanceClaim) == 0
    logged = caplog.text
    assert "bad or missing signature" in logged
    assert "+18435550101" not in logged and setting.now_code not in logged


def test_other_paths_and_incomplete_posts(ctx: Context, setting: Setting) -> None:
    with running(ctx, token=TOKEN) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with urllib.request.urlopen(base + "/health", timeout=10) as response:
            assert response.read() == b"ok\n"
        assert post(server, {"Body": "hi", "From": "+18435550101"})[0] == 400


def test_stop_is_answered_with_an_empty_response(ctx: Context, setting: Setting) -> None:
    with running(ctx, token=TOKEN) as server:
        status, body = post(server, sms("STOP", "+18435550101"))
    assert status == 200
    assert replies(body) == []


@pytest.mark.postgres
def test_fifty_learners_texting_at_once_with_every_request_retried_give_fifty_claims(
    postgres_db: Database, clock_now: datetime
) -> None:
    ctx = Context(postgres_db, clock=frozen_clock(clock_now), actor=Actor("sms-gateway", "test"))
    setting = build(ctx)
    phones = [f"+1843556{index:04d}" for index in range(50)]
    for index, phone in enumerate(phones):
        add_person(ctx, f"Learner{index}", "Burst", "MD", f"burst{index}@example.org", phone)
    messages = [sms(f"Attend {setting.now_code}", phone) for phone in phones]
    with running(ctx, token=TOKEN) as server, ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(lambda fields: post(server, fields), messages + messages))
    assert {status for status, _ in answers} == {200}
    assert all(replies(body)[0].startswith("Recorded: Medicine Grand Rounds") for _, body in answers)
    assert count(ctx, AttendanceClaim) == 50
    assert count(ctx, TextMessage) == 100  # 50 in, 50 out: the retries were replays


@pytest.mark.postgres
def test_a_database_connection_dropped_between_texts_costs_the_learner_nothing(
    postgres_db: Database, clock_now: datetime
) -> None:
    """The gateway skips the pre-use ping; a pooled connection the server killed is retried on a fresh one."""
    db = Database.open(postgres_db.url, pre_ping=False)  # as `cme-desktop gateway` opens it
    try:
        ctx = Context(db, clock=frozen_clock(clock_now), actor=Actor("sms-gateway", "test"))
        setting = build(ctx)
        phone = "+18435550188"
        add_person(ctx, "Ada", "Lind", "MD", "ada.lind@example.org", phone)
        with running(ctx, token=TOKEN) as server:
            assert post(server, sms("HELP", phone))[0] == 200  # the workers now hold pooled connections
            with postgres_db.engine.connect() as admin:
                killed = admin.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).scalar()
            assert killed
            status, body = post(server, sms(f"Attend {setting.now_code}", phone))
        assert status == 200
        assert replies(body)[0].startswith("Recorded: Medicine Grand Rounds")
        assert count(ctx, AttendanceClaim) == 1
    finally:
        db.dispose()


def test_a_client_that_stalls_is_cut_off_while_texts_keep_flowing(
    ctx: Context, setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(WebhookHandler, "timeout", 0.5)
    with running(ctx, token=TOKEN) as server:
        stalled = socket.create_connection(("127.0.0.1", server.server_address[1]))
        stalled.sendall(b"POST /twilio/sms HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never finishes
        status, body = post(server, sms(f"Attend {setting.now_code}", "+18435550101"))
        assert status == 200
        assert replies(body)[0].startswith("Recorded: Medicine Grand Rounds")
        stalled.settimeout(10)
        assert stalled.recv(1024) == b""  # the gateway hung up on it
        stalled.close()


def test_more_connections_than_connection_threads_are_all_answered_in_turn(
    ctx: Context, setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gateway_server, "CONNECTION_THREADS", 2)
    phones = [f"+1843556{index:04d}" for index in range(12)]
    for index, phone in enumerate(phones):
        add_person(ctx, f"Learner{index}", "Queue", "MD", f"queue{index}@example.org", phone)
    with running(ctx, token=TOKEN) as server, ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(lambda phone: post(server, sms(f"Attend {setting.now_code}", phone)), phones))
    assert [status for status, _ in answers] == [200] * 12
    assert count(ctx, AttendanceClaim) == 12
