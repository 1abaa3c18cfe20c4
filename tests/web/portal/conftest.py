"""The portal in process: the ASGI app called through Starlette's TestClient (no server), on the `ctx` database
(SQLite and PostgreSQL), with a clock the test can move and a real SMTP server (aiosmtpd) for emailed codes."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from cme_desktop.services.context import Context
from cme_desktop.web.app import create_app
from cme_desktop.web.config import WebConfig
from tests.mail_server import PASSWORD, USER, Inbox, smtp_server


class MovableClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Portal:
    client: TestClient
    ctx: Context
    clock: MovableClock
    inbox: Inbox

    def csrf(self, path: str) -> str:
        """The CSRF token of the form on the page at `path`."""
        page = self.client.get(path)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found is not None, f"no form with a CSRF token on {path}"
        return found.group(1)

    def mailed_code(self, count: int = 1) -> str:
        """The 6-digit code in the newest of `count` delivered mails (waits for the outbox)."""
        deadline = time.monotonic() + 20
        while len(self.inbox.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.inbox.messages) >= count, "the code was never mailed"
        body = self.inbox.messages[count - 1].get_body(("plain",))
        assert body is not None
        found = re.search(r"\b(\d{6})\b", body.get_content())
        assert found is not None
        return found.group(1)


def portal_client(ctx: Context, public_url: str = "http://testserver") -> TestClient:
    app = create_app(ctx, WebConfig(public_url, "test-auth-token", retention_job=False))
    return TestClient(app, base_url=public_url, follow_redirects=False)


@pytest.fixture
def portal(ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Portal]:
    clock = MovableClock(ctx.clock())
    moving = replace(ctx, clock=clock)
    with smtp_server(tmp_path) as inbox:
        monkeypatch.setenv("CME_SMTP_URL", f"smtp://{USER}@127.0.0.1:{inbox.port}")
        monkeypatch.setenv("CME_SMTP_PASSWORD", PASSWORD)
        monkeypatch.setenv("CME_SMTP_CA_FILE", inbox.cafile)
        with portal_client(moving) as client:
            yield Portal(client, moving, clock, inbox)
