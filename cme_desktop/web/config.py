"""What the web server is told at start: its public address, the texting provider's token, and its limits."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from cme_desktop.secrets import TWILIO_TOKEN_NAME, get_secret

TOKEN_ENV = "CME_TWILIO_AUTH_TOKEN"


class NoAuthToken(ValueError):
    """The server cannot check the texting provider's signatures without its auth token."""


def auth_token() -> str:
    """The texting provider's auth token: from the keyring, else from CME_TWILIO_AUTH_TOKEN on a server."""
    token = get_secret(TWILIO_TOKEN_NAME) or os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise NoAuthToken(
            "There is no Twilio auth token: save it in Settings (it goes to the keyring), "
            f"or set {TOKEN_ENV} on a server without a keyring."
        )
    return token


@dataclass(frozen=True)
class Limits:
    """How long and how much the server waits on a client, and how much work it takes on at once.

    A client has `header_seconds` from connecting (or from the first byte of its next request on a kept-alive
    connection) to send the whole request line and headers, then `body_seconds` for the whole body: deadlines for
    the request, not for each read, so a client trickling a byte at a time is cut off all the same. An idle
    kept-alive connection is closed after `keep_alive_seconds`. Past `max_connections` a request is answered 503
    at once. Texts are answered by at most `database_threads` threads at a time (one on SQLite, whose file takes
    one writer), the others waiting their turn in arrival order.
    """

    header_seconds: float = 10.0
    body_seconds: float = 10.0
    keep_alive_seconds: int = 5
    max_header_bytes: int = 16 * 1024
    max_body_bytes: int = 64 * 1024
    max_connections: int = 1000
    database_threads: int | None = None  # None: 1 on SQLite, 4 on PostgreSQL

    def threads_for(self, sqlite: bool) -> int:
        if self.database_threads is not None:
            return self.database_threads
        return 1 if sqlite else 4


@dataclass(frozen=True)
class WebConfig:
    """The address the outside world uses (the texting provider signs it) and the provider's token."""

    public_url: str
    twilio_token: str = field(repr=False)
    limits: Limits = Limits()
    # Apply the office's text retention at start and daily (off in tests that freeze the clock).
    retention_job: bool = True
    # Send the disclosure reminders that are due, at start and every 15 minutes (only with a mail server).
    reminder_job: bool = True

    def url_for(self, path: str) -> str:
        return self.public_url.rstrip("/") + path
