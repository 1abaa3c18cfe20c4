"""`cme-desktop serve` (alias `gateway`) as a server runs it: its own process(es), the token from the
environment, stopped by SIGTERM. It runs on the real clock here, so the sessions are built around the real now."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cme_desktop.clock import system_clock
from cme_desktop.domain.twilio import signature
from cme_desktop.services.context import Context
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.db import Database
from tests.services.attendance_factory import add_person, build

TOKEN = "gateway-command-token"


@contextmanager
def gateway(
    db: Database, tmp_path: Path, *options: str, command: str = "serve"
) -> Iterator[tuple[subprocess.Popen[str], int]]:
    env = {
        **os.environ,
        "CME_TWILIO_AUTH_TOKEN": TOKEN,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "CME_DATA_DIR": str(tmp_path / "data"),
    }
    url = db.url.render_as_string(hide_password=False)
    process = subprocess.Popen(
        [sys.executable, "-m", "cme_desktop", "--database", url, command, "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Serving on 127.0.0.1:"), line + (
            process.stderr.read() if process.stderr else ""
        )
        yield process, int(line.split()[2].rsplit(":", 1)[1])
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def post(port: int, fields: dict[str, str]) -> tuple[int, list[str]]:
    url = f"http://127.0.0.1:{port}/twilio/sms"  # no --public-url: the signature covers the local address
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": signature(TOKEN, url, fields),
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/twilio/sms", urllib.parse.urlencode(fields), headers)
        response = connection.getresponse()
        body = response.read().decode()
    finally:
        connection.close()
    messages = (
        [m.text or "" for m in ET.fromstring(body).findall("Message")] if response.status == 200 else []
    )
    return response.status, messages


def stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=30)
    return process.returncode, out


def claims(db: Database) -> int:
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(AttendanceClaim)) or 0)


@pytest.mark.parametrize("command", ["serve", "gateway"])
def test_the_server_answers_a_text_and_stops_cleanly_on_sigterm(
    sqlite_db: Database, tmp_path: Path, command: str
) -> None:
    setting = build(Context(sqlite_db, clock=system_clock))
    with gateway(sqlite_db, tmp_path, command=command) as (process, port):
        status, messages = post(
            port, {"MessageSid": f"SM{1:032x}", "From": "+18435550101", "Body": f"Attend {setting.now_code}"}
        )
        assert status == 200
        assert messages[0].startswith("Recorded: Medicine Grand Rounds")
        code, out = stop(process)
    assert code == 0
    assert "Stopped." in out
    assert claims(sqlite_db) == 1


def test_several_workers_need_postgresql(sqlite_db: Database, tmp_path: Path) -> None:
    url = sqlite_db.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-m", "cme_desktop", "--database", url, "serve", "--workers", "2"],
        capture_output=True,
        text=True,
        env={**os.environ, "CME_TWILIO_AUTH_TOKEN": TOKEN, "CME_DATA_DIR": str(tmp_path / "data")},
        timeout=60,
    )
    assert done.returncode != 0
    assert "Several workers need a PostgreSQL database" in done.stderr


@pytest.mark.postgres
def test_two_workers_share_the_port_and_stop_together(postgres_db: Database, tmp_path: Path) -> None:
    ctx = Context(postgres_db, clock=system_clock)
    setting = build(ctx)
    phones = [f"+1843557{index:04d}" for index in range(40)]
    for index, phone in enumerate(phones):
        add_person(ctx, f"Learner{index}", "Shared", "MD", f"shared{index}@example.org", phone)
    with gateway(postgres_db, tmp_path, "--workers", "2") as (process, port):
        workers = _children(process.pid, 2)
        assert len(workers) == 2
        texts = [
            {"MessageSid": f"SM{index:032x}", "From": phone, "Body": f"attend {setting.now_code}"}
            for index, phone in enumerate(phones)
        ]
        with ThreadPoolExecutor(max_workers=20) as pool:
            answers = list(pool.map(lambda fields: post(port, fields), texts))
        code, _ = stop(process)
    assert {status for status, _ in answers} == {200}
    assert all(messages[0].startswith("Recorded:") for _, messages in answers)
    assert claims(postgres_db) == 40
    assert code == 0
    assert not any(_alive(worker) for worker in workers)


def _children(pid: int, expected: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc), once there are `expected` (uvicorn's workers, beside
    multiprocessing's resource tracker)."""
    found: list[int] = []
    for _ in range(200):
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                command = (entry / "cmdline").read_bytes()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"resource_tracker" not in command:
                    found.append(int(entry.name))
        if len(found) >= expected:
            return found
        time.sleep(0.05)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
