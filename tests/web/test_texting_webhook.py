"""The texting webhook over real HTTP on 127.0.0.1: Twilio's signed form POST in, TwiML out (DOMAIN.md, "SMS")."""

from __future__ import annotations

import logging
import socket
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from sqlalchemy import func, select, text

from cme_desktop.clock import frozen_clock
from cme_desktop.services.context import Actor, Context
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.db import Database
from cme_desktop.store.messages import TextMessage
from cme_desktop.web.config import Limits
from cme_desktop.web.server import running
from tests.services.attendance_factory import Setting, add_person, build
from tests.web.helpers import TOKEN, post, replies, sms


def count(ctx: Context, model: type) -> int:
    with ctx.db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def test_a_linked_phone_attends_over_http_and_a_retry_is_answered_the_same(
    ctx: Context, setting: Setting
) -> None:
    phone = "+18435550101"  # Jane Doe's
    with running(ctx, public_url="https://sms.example.edu/", token=TOKEN) as (port, config):
        assert config.url_for("/twilio/sms") == "https://sms.example.edu/twilio/sms"
        attend = sms(f"Attend {setting.now_code}", phone)
        status, body = post(port, config, attend)
        assert status == 200
        assert replies(body) == [
            "Recorded: Medicine Grand Rounds on Saturday, November 28, 2026: 1 credit (AMA PRA Category 1 Credit™)."
        ]
        # Twilio retries: the same MessageSid is handled once and answered the same way.
        assert post(port, config, attend) == (200, body)
    assert count(ctx, AttendanceClaim) == 1


def test_forged_and_unsigned_requests_get_403_and_change_nothing(
    ctx: Context, setting: Setting, caplog: pytest.LogCaptureFixture
) -> None:
    fields = sms(f"Attend {setting.now_code}", "+18435550101")
    with caplog.at_level(logging.INFO), running(ctx, token=TOKEN) as (port, config):
        assert post(port, config, fields, sign=False)[0] == 403
        assert post(port, config, fields, token="someone-else")[0] == 403
    assert count(ctx, TextMessage) == 0
    assert count(ctx, AttendanceClaim) == 0
    assert "bad or missing signature" in caplog.text
    assert "+18435550101" not in caplog.text and setting.now_code not in caplog.text


def test_healthz_and_incomplete_posts(ctx: Context, setting: Setting) -> None:
    with running(ctx, token=TOKEN) as (port, config):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            assert response.read() == b"ok\n"
        assert post(port, config, {"Body": "hi", "From": "+18435550101"})[0] == 400


def test_stop_is_answered_with_an_empty_response(ctx: Context, setting: Setting) -> None:
    with running(ctx, token=TOKEN) as (port, config):
        status, body = post(port, config, sms("STOP", "+18435550101"))
    assert status == 200
    assert replies(body) == []


@pytest.mark.postgres
def test_fifty_learners_texting_at_once_with_every_request_retried_give_fifty_claims(
    postgres_db: Database, clock_now: datetime
) -> None:
    ctx = Context(postgres_db, clock=frozen_clock(clock_now), actor=Actor("web-server", "test"))
    setting = build(ctx)
    phones = [f"+1843556{index:04d}" for index in range(50)]
    for index, phone in enumerate(phones):
        add_person(ctx, f"Learner{index}", "Burst", "MD", f"burst{index}@example.org", phone)
    messages = [sms(f"Attend {setting.now_code}", phone) for phone in phones]
    with running(ctx, token=TOKEN) as (port, config), ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(lambda fields: post(port, config, fields), messages + messages))
    assert {status for status, _ in answers} == {200}
    assert all(replies(body)[0].startswith("Recorded: Medicine Grand Rounds") for _, body in answers)
    assert count(ctx, AttendanceClaim) == 50
    assert count(ctx, TextMessage) == 100  # 50 in, 50 out: the retries were replays


@pytest.mark.postgres
def test_a_database_connection_dropped_between_texts_costs_the_learner_nothing(
    postgres_db: Database, clock_now: datetime
) -> None:
    """The server skips the pre-use ping; a pooled connection the server killed is retried on a fresh one."""
    db = Database.open(postgres_db.url, pre_ping=False)  # as `cme-desktop serve` opens it
    try:
        ctx = Context(db, clock=frozen_clock(clock_now), actor=Actor("web-server", "test"))
        setting = build(ctx)
        phone = "+18435550188"
        add_person(ctx, "Ada", "Lind", "MD", "ada.lind@example.org", phone)
        with running(ctx, token=TOKEN) as (port, config):
            assert post(port, config, sms("HELP", phone))[0] == 200  # the threads now hold pooled connections
            with postgres_db.engine.connect() as admin:
                killed = admin.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).scalar()
            assert killed
            status, body = post(port, config, sms(f"Attend {setting.now_code}", phone))
        assert status == 200
        assert replies(body)[0].startswith("Recorded: Medicine Grand Rounds")
        assert count(ctx, AttendanceClaim) == 1
    finally:
        db.dispose()


def test_a_client_that_stalls_is_cut_off_while_texts_keep_flowing(ctx: Context, setting: Setting) -> None:
    limits = Limits(header_seconds=0.5, body_seconds=0.5)
    with running(ctx, token=TOKEN, limits=limits) as (port, config):
        stalled = socket.create_connection(("127.0.0.1", port))
        stalled.sendall(b"POST /twilio/sms HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never finishes
        status, body = post(port, config, sms(f"Attend {setting.now_code}", "+18435550101"))
        assert status == 200
        assert replies(body)[0].startswith("Recorded: Medicine Grand Rounds")
        stalled.settimeout(10)
        assert stalled.recv(1024).startswith(b"HTTP/1.1 408 ")  # the server said why, and hung up
        assert stalled.recv(1024) == b""
        stalled.close()


def test_more_texts_than_database_threads_are_all_answered_in_turn(ctx: Context, setting: Setting) -> None:
    phones = [f"+1843556{index:04d}" for index in range(12)]
    for index, phone in enumerate(phones):
        add_person(ctx, f"Learner{index}", "Queue", "MD", f"queue{index}@example.org", phone)
    limits = Limits(database_threads=1)
    with (
        running(ctx, token=TOKEN, limits=limits) as (port, config),
        ThreadPoolExecutor(max_workers=12) as pool,
    ):
        answers = list(
            pool.map(lambda phone: post(port, config, sms(f"Attend {setting.now_code}", phone)), phones)
        )
    assert [status for status, _ in answers] == [200] * 12
    assert count(ctx, AttendanceClaim) == 12
