"""The seed conversation over HTTP with the code really emailed (aiosmtpd in the test process): text your email,
read the code in the mailbox, text it back, attend. The text's reply never waits on the mail server."""

from __future__ import annotations

import re
import socket
import time
from dataclasses import replace
from pathlib import Path

import pytest

from cme_desktop.services.context import Context
from cme_desktop.services.mail import sending
from cme_desktop.services.office.settings import update_settings
from cme_desktop.web import app as web_app
from cme_desktop.web.server import running
from tests.mail_server import PASSWORD, USER, smtp_server
from tests.services.attendance_factory import Setting, build
from tests.web.helpers import TOKEN, post, replies, sms

NEW_PHONE = "+18435550199"


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def test_text_an_email_read_the_code_in_the_mailbox_text_it_back_and_attend(
    ctx: Context, setting: Setting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server(tmp_path) as inbox, running(ctx, token=TOKEN) as (port, config):
        monkeypatch.setenv("CME_SMTP_URL", f"smtp://{USER}@127.0.0.1:{inbox.port}")
        monkeypatch.setenv("CME_SMTP_PASSWORD", PASSWORD)
        monkeypatch.setenv("CME_SMTP_CA_FILE", inbox.cafile)
        status, body = post(port, config, sms("Ray.Moss@example.org", NEW_PHONE))
        assert status == 200
        assert replies(body) == [
            "If r\u2022\u2022\u2022@example.org is on a CME profile, we emailed it a 6-digit code. "
            "Text the code here within 30 minutes to link this phone."
        ]
        deadline = time.monotonic() + 30
        while not inbox.messages and time.monotonic() < deadline:
            time.sleep(0.05)
        [mail] = inbox.messages
        assert mail["To"] == "ray.moss@example.org"
        plain = mail.get_body(("plain",))
        assert plain is not None
        found = re.search(r"\b(\d{6})\b", plain.get_content())
        assert found is not None
        code = found.group(1)
        linked = replies(
            post(port, config, sms(f"{code[:3]}\u2013{code[3:]}", NEW_PHONE))[1]
        )  # an en dash inside
        assert linked[0].startswith("Thanks, Ray: this phone is now linked")
        attended = replies(post(port, config, sms(f"Attend{setting.now_code}", NEW_PHONE))[1])
        assert attended[0].startswith("Recorded: Medicine Grand Rounds")


def test_a_mail_server_that_never_answers_does_not_hold_up_the_reply(
    ctx: Context, setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as silent:  # accepts connections (the kernel's queue) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        monkeypatch.setenv("CME_SMTP_URL", f"smtp://127.0.0.1:{silent.getsockname()[1]}")
        configured = web_app.mail_config
        monkeypatch.setattr(
            web_app, "mail_config", lambda settings: replace(configured(settings), timeout=0.5)
        )
        monkeypatch.setattr(sending, "RETRY_PAUSE", 0.1)
        with running(ctx, token=TOKEN) as (port, config):
            status, body = post(port, config, sms("ray.moss@example.org", NEW_PHONE), timeout=5)
            assert status == 200 and replies(body)[0].startswith("If r\u2022\u2022\u2022@example.org")
            update_settings(ctx, {"help_contact": "cme@example.edu"})  # and the server goes on answering
            assert replies(post(port, config, sms("HELP", NEW_PHONE), timeout=5)[1])[0].endswith(
                "Reply STOP to stop."
            )
