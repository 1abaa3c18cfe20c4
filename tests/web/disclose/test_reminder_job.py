"""The web server sends the disclosure reminders that are due when it starts (and every 15 minutes), through the
office's mail server: here a real one in the test process (aiosmtpd). On SQLite and PostgreSQL."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cme_desktop.clock import frozen_clock
from cme_desktop.domain.vocabulary import RoleInActivity
from cme_desktop.services.context import Context
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.standard3.disclosures import assign_role
from cme_desktop.services.standard3.inviting import send_invitations
from cme_desktop.web.app import create_app
from cme_desktop.web.config import WebConfig
from tests.mail_server import PASSWORD, USER, smtp_server
from tests.services.standard3_factory import add_activity, add_person

FIRST = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)


def test_the_server_sends_a_due_reminder_at_start(
    ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from starlette.testclient import TestClient

    update_settings(ctx, {"portal_url": "https://cme.example.edu", "provider_name": "Lowcountry CME"})
    activity = add_activity(ctx, "Cardiology Update", FIRST)
    mehta = add_person(ctx, "Arjun", "Mehta", email="arjun.mehta@lowcountry.edu")
    assign_role(ctx, activity, mehta, RoleInActivity.FACULTY)
    sent: list[OutgoingMail] = []
    send_invitations(ctx, activity, [mehta], sent.append)  # ten days before
    week_before = replace(ctx, clock=frozen_clock(FIRST - timedelta(days=7)))
    with smtp_server(tmp_path) as inbox:
        monkeypatch.setenv("CME_SMTP_URL", f"smtp://{USER}@127.0.0.1:{inbox.port}")
        monkeypatch.setenv("CME_SMTP_PASSWORD", PASSWORD)
        monkeypatch.setenv("CME_SMTP_CA_FILE", inbox.cafile)
        app = create_app(week_before, WebConfig("https://cme.example.edu", "token", retention_job=False))
        with TestClient(app):
            deadline = time.monotonic() + 30
            while not inbox.messages and time.monotonic() < deadline:
                time.sleep(0.05)
    [mail] = inbox.messages
    assert (mail["To"], mail["Subject"]) == (
        "arjun.mehta@lowcountry.edu",
        "Reminder: your disclosure for Cardiology Update",
    )
    body = mail.get_body(("plain",))
    assert body is not None and "which begins in 7 days on Tuesday, December 8, 2026" in body.get_content()
