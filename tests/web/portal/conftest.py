"""The portal in process: the ASGI app called through Starlette's TestClient (no server), on the `ctx` database
(SQLite and PostgreSQL), with a clock the test can move and a real SMTP server (aiosmtpd) for emailed codes."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from cme_desktop.services.context import Context
from cme_desktop.services.portal.sessions import begin_signed_in
from cme_desktop.store.people import PersonEmail
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

    def ask_code(self, email: str, next_path: str = "/") -> str:
        """Ask for a code on the sign-in page; the page the browser lands on."""
        token = self.csrf(f"/sign-in?next={next_path}")
        sent = self.client.post("/sign-in", data={"csrf_token": token, "email": email, "next": next_path})
        assert sent.status_code == 303, sent.text
        return self.client.get(sent.headers["location"]).text

    def enter_code(self, code: str, next_path: str = "/") -> tuple[int, str]:
        """Enter a code; (status, where it leads or the page)."""
        token = self.csrf(f"/sign-in/code?next={next_path}")
        answer = self.client.post(
            "/sign-in/code", data={"csrf_token": token, "code": code, "next": next_path}
        )
        return answer.status_code, answer.headers.get("location") or answer.text

    def sign_in(self, email: str, next_path: str = "/") -> str:
        """Sign in with the code mailed to `email`; where the browser goes next."""
        before = len(self.inbox.messages)
        self.ask_code(email, next_path)
        status, where = self.enter_code(self.mailed_code(before + 1, to=email.lower()), next_path)
        assert status == 303, where
        return where

    def sign_in_as(self, email: str) -> None:
        """Signed in as the emailed code would sign in (for tests about what comes after signing in)."""
        with self.ctx.db.transaction() as session:
            person_id = session.scalar(select(PersonEmail.person_id).where(PersonEmail.address == email))
            token, _ = begin_signed_in(
                self.ctx, session, None, method="email", email=email, netid=None, person_id=person_id
            )
        self.client.cookies.clear()  # one session cookie: the new one
        self.client.cookies.set("cme_portal", token)

    def post_form(self, path: str, fields: dict[str, str], form_page: str | None = None) -> tuple[int, str]:
        """Send the form on `form_page` (default `path`) with `fields`; (status, where it leads or the page)."""
        token = self.csrf(form_page or path)
        answer = self.client.post(path, data={"csrf_token": token, **fields})
        return answer.status_code, answer.headers.get("location") or answer.text

    def mailed_code(self, count: int = 1, to: str | None = None) -> str:
        """The 6-digit code in the newest of `count` delivered mails, or in the newest of them sent `to` that
        address (waits for the outbox, whose two threads may deliver two mails in either order)."""
        deadline = time.monotonic() + 20
        while len(self.inbox.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.inbox.messages) >= count, "the code was never mailed"
        delivered = self.inbox.messages[:count]
        if to is not None:
            delivered = [m for m in delivered if m["To"] == to]
            assert delivered, f"no code was mailed to {to}"
        body = delivered[-1].get_body(("plain",))
        assert body is not None
        found = re.search(r"\b(\d{6})\b", body.get_content())
        assert found is not None
        return found.group(1)


def portal_client(ctx: Context, public_url: str = "http://testserver") -> TestClient:
    app = create_app(ctx, WebConfig(public_url, "test-auth-token", retention_job=False))
    return TestClient(app, base_url=public_url, follow_redirects=False)


@pytest.fixture(scope="session")
def portal_mailbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Inbox]:
    """One SMTP server for the run (its test CA takes a while to make); each test starts with it empty."""
    with smtp_server(tmp_path_factory.mktemp("smtp")) as inbox:
        yield inbox


@pytest.fixture
def portal(ctx: Context, portal_mailbox: Inbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[Portal]:
    clock = MovableClock(ctx.clock())
    moving = replace(ctx, clock=clock)
    inbox = portal_mailbox
    inbox.messages.clear()
    inbox.refuse_next.clear()
    monkeypatch.setenv("CME_SMTP_URL", f"smtp://{USER}@127.0.0.1:{inbox.port}")
    monkeypatch.setenv("CME_SMTP_PASSWORD", PASSWORD)
    monkeypatch.setenv("CME_SMTP_CA_FILE", inbox.cafile)
    with portal_client(moving) as client:  # leaving it waits for the outbox: no mail arrives after the test
        yield Portal(client, moving, clock, inbox)
