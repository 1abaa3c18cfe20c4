"""uvicorn's HTTP protocol (httptools) with deadlines for the whole request, so slow clients cost nothing.

uvicorn closes an idle kept-alive connection (`timeout_keep_alive`) but waits as long as a client likes for the
request itself: a client trickling a byte at a time holds its connection forever. Here a connection has
`Limits.header_seconds` from its first byte (or from connecting) for the request line and headers, and then
`Limits.body_seconds` for the whole body; past either it gets 408 and is closed. Headers larger than
`Limits.max_header_bytes` get 431. The deadlines run on the event loop's timers: no thread waits on a client.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from cme_desktop.web.config import Limits

log = logging.getLogger(__name__)


def _plain(status: int, reason: str) -> bytes:
    body = reason.encode("ascii") + b"\n"
    return (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    ).encode("ascii") + body


REQUEST_TIMEOUT = _plain(408, "Request Timeout")
HEADERS_TOO_LARGE = _plain(431, "Request Header Fields Too Large")


class DeadlineProtocol(HttpToolsProtocol):
    """HttpToolsProtocol with whole-request deadlines and a header size limit (Limits, from the config)."""

    def __init__(self, config: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self.limits: Limits = getattr(config, "limits", None) or Limits()
        self._deadline: asyncio.TimerHandle | None = None
        self._reading_headers = False
        self._header_bytes = 0

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport is None or self.transport.is_closing():
            return
        waiting_for_app = (
            self.cycle is not None and not self.cycle.more_body and not self.cycle.response_complete
        )
        if waiting_for_app:
            return  # the whole request arrived; the application's time is not the client's
        log.info(
            "Closed a connection from %s: the request did not arrive in time", (self.client or ("?",))[0]
        )
        if self.cycle is None or self.cycle.response_complete:
            self.transport.write(REQUEST_TIMEOUT)  # nothing was answered on it yet: say why
        self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._reading_headers = True
        self._arm(self.limits.header_seconds)

    def data_received(self, data: bytes) -> None:
        idle = self.cycle is None or self.cycle.response_complete
        if idle and not self._reading_headers:
            # Bytes on a kept-alive connection between requests (even bare line breaks, which start no
            # request): from here the next request has its deadline.
            self._reading_headers = True
            self._header_bytes = 0
            self._arm(self.limits.header_seconds)
        if self._reading_headers:
            self._header_bytes += len(data)
            if self._header_bytes > self.limits.max_header_bytes + self.limits.max_body_bytes:
                self._disarm()
                self.transport.write(HEADERS_TOO_LARGE)
                self.transport.close()
                return
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if not self._reading_headers:  # a pipelined request: its own deadline
            self._reading_headers = True
            self._arm(self.limits.header_seconds)

    def on_headers_complete(self) -> None:
        self._reading_headers = False
        self._header_bytes = 0
        self._arm(self.limits.body_seconds)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
