"""Mail out through a real SMTP server (aiosmtpd in the test process): STARTTLS, a login, plain text and HTML,
one retry, and configuration from CME_SMTP_URL or the office settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cme_desktop.errors import InputError
from cme_desktop.secrets import set_secret
from cme_desktop.services.context import Context
from cme_desktop.services.mail.config import PASSWORD_NAME, MailConfig, mail_config, parse_smtp_url
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.mail.outbox import Outbox
from cme_desktop.services.mail.sending import MailNotSent, send
from cme_desktop.services.office.settings import DEFAULTS, load_settings, update_settings
from tests.mail_server import PASSWORD, USER, Inbox, smtp_server

MAIL = OutgoingMail(
    "jane.doe@example.org", "Your code: 123456", "Your code is 123456.", "<p>Code <b>123456</b></p>"
)


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Inbox]:
    with smtp_server(tmp_path) as server:
        yield server


def config(inbox: Inbox, **changes: object) -> MailConfig:
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": inbox.port,
        "security": "starttls",
        "user": USER,
        "password": PASSWORD,
        "sender": "cme@example.edu",
        "cafile": inbox.cafile,
    }
    values.update(changes)
    return MailConfig(**values)  # type: ignore[arg-type]


def test_a_mail_goes_over_starttls_with_a_login_in_text_and_html(inbox: Inbox) -> None:
    send(config(inbox), MAIL)
    [message] = inbox.messages
    assert (message["To"], message["From"], message["Subject"]) == (
        "jane.doe@example.org",
        "cme@example.edu",
        "Your code: 123456",
    )
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    assert text.get_content().strip() == "Your code is 123456."
    assert "<b>123456</b>" in html.get_content()


def test_a_server_that_says_try_again_gets_a_second_try(inbox: Inbox) -> None:
    inbox.refuse_next = ["451 Try again later"]
    send(config(inbox), MAIL, pause=0)
    assert len(inbox.messages) == 1


def test_two_failures_or_a_refused_login_are_one_sentence(inbox: Inbox) -> None:
    inbox.refuse_next = ["451 Try again later", "451 Still busy"]
    with pytest.raises(MailNotSent, match="answered 451"):
        send(config(inbox), MAIL, pause=0)
    with pytest.raises(MailNotSent, match="refused the user name or password"):
        send(config(inbox, password="wrong"), MAIL, pause=0)
    assert inbox.messages == []


def test_the_certificate_is_checked(inbox: Inbox) -> None:
    with pytest.raises(MailNotSent, match="secure connection failed"):
        send(config(inbox, cafile=None), MAIL, pause=0)  # the test CA is not one the system trusts


def test_cme_smtp_url_and_password_from_the_environment(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CME_SMTP_URL", f"smtp://{USER}@127.0.0.1:{inbox.port}")
    monkeypatch.setenv("CME_SMTP_PASSWORD", PASSWORD)
    monkeypatch.setenv("CME_SMTP_CA_FILE", inbox.cafile)
    found = mail_config(DEFAULTS)
    assert found is not None and (found.security, found.user) == ("starttls", USER)
    assert PASSWORD not in repr(found)
    send(found, MAIL)
    assert len(inbox.messages) == 1


def test_smtp_urls() -> None:
    assert parse_smtp_url("smtp://me@mail.example.edu") == ("mail.example.edu", 587, "starttls", "me")
    assert parse_smtp_url("smtps://mail.example.edu") == ("mail.example.edu", 465, "tls", "")
    for bad in ("http://mail.example.edu", "smtp://me:pw@mail.example.edu", "smtp://"):
        with pytest.raises(InputError):
            parse_smtp_url(bad)


def test_office_settings_and_the_keyring_password(
    ctx: Context, inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert mail_config(load_settings(ctx)) is None  # nothing set: no mail server
    update_settings(
        ctx,
        {
            "smtp_host": "127.0.0.1",
            "smtp_port": inbox.port,
            "smtp_user": USER,
            "mail_from": "CME@Example.edu",
        },
    )
    set_secret(PASSWORD_NAME, PASSWORD)
    monkeypatch.setenv("CME_SMTP_CA_FILE", inbox.cafile)
    outbox = Outbox(lambda: mail_config(load_settings(ctx)))
    try:
        [sent] = outbox.submit([MAIL])
        assert sent.result(timeout=30)
    finally:
        outbox.close()
    assert inbox.messages[0]["From"] == "cme@example.edu"


def test_the_outbox_reports_a_mail_it_could_not_send(inbox: Inbox) -> None:
    outbox = Outbox(lambda: None)
    try:
        assert [future.result(timeout=30) for future in outbox.submit([MAIL])] == [False]
    finally:
        outbox.close()
