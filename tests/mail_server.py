"""A real SMTP server in the test process (aiosmtpd): STARTTLS with a test CA's certificate, a login, and the
delivered messages kept for the test to read."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "cme-mailer", "s3cret-mail"


@dataclass
class Inbox:
    port: int
    cafile: str
    messages: list[EmailMessage] = field(default_factory=list)
    # Answers to give to the next deliveries before accepting (e.g. "451 try again later").
    refuse_next: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_next:
            return self.refuse_next.pop(0)
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(folder: Path) -> Iterator[Inbox]:
    ca = trustme.CA()
    cafile = folder / "test-ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    inbox = Inbox(_free_port(), str(cafile))
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=inbox.port,
        tls_context=context,
        require_starttls=True,
        authenticator=_authenticate,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
