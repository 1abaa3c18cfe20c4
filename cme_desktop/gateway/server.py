"""An HTTP server for Twilio's inbound-text webhook, on the standard library's ThreadingHTTPServer.

The signature covers `<public-url>/twilio/sms` (the address given to Twilio), not the address the server listens
on, so a gateway behind a proxy or tunnel still checks what Twilio signed. A bad signature gets 403 and a log line
with the client's address only: no phone number or message text ever goes to the log.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qsl

from cme_desktop.domain.twilio import signature_is_valid
from cme_desktop.errors import DatabaseUnavailable
from cme_desktop.secrets import TWILIO_TOKEN_NAME, get_secret
from cme_desktop.services.context import Context
from cme_desktop.services.texting.conversation import InboundText, handle_inbound

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/twilio/sms"
TOKEN_ENV = "CME_TWILIO_AUTH_TOKEN"
MAX_BODY_BYTES = 64 * 1024


class NoAuthToken(ValueError):
    """The gateway cannot check signatures without the provider's auth token."""


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
class GatewayConfig:
    ctx: Context
    public_url: str
    token: str

    @property
    def webhook_url(self) -> str:
        return self.public_url.rstrip("/") + WEBHOOK_PATH


# How many texts are answered at once, in arrival order. SQLite has one writer, so one at a time. On PostgreSQL a
# few workers keep the server busy while each waits on its round trips; fewer than the engine keeps pooled (5), so
# under a burst connections are reused instead of opened and closed for every text.
SQLITE_WORKERS = 1
POSTGRES_WORKERS = 4

REQUEST_QUEUE_SIZE = 256
# Threads that read requests and write replies, reused from one connection to the next. A process accepts a
# connection only when one of them is free: the others wait in the kernel's queue of the shared port, in arrival
# order, for whichever process frees a thread first. So a busier process takes fewer texts, and the last text of
# a burst waits about as long as the first. A client that stalls is cut off after CLIENT_TIMEOUT seconds (in
# production a TLS proxy sits in front and hands over whole requests).
CONNECTION_THREADS = 16
CLIENT_TIMEOUT = 15


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, opened before any worker process is forked so that they all accept from it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=REQUEST_QUEUE_SIZE)


class GatewayServer(HTTPServer):
    request_queue_size = REQUEST_QUEUE_SIZE

    def __init__(self, listening: socket.socket, config: GatewayConfig) -> None:
        super().__init__(listening.getsockname()[:2], WebhookHandler, bind_and_activate=False)
        self.socket.close()
        self.socket = listening
        self.server_address = listening.getsockname()[:2]
        self.config = config
        # In a forked worker process: the process that started it. If that one is gone, this one stops too.
        self.parent_pid: int | None = None
        self.socket.setblocking(False)  # another process may take the connection this one was woken for
        self.connections = ThreadPoolExecutor(max_workers=CONNECTION_THREADS, thread_name_prefix="cme-http")
        self._free_threads = threading.Semaphore(CONNECTION_THREADS)
        workers = SQLITE_WORKERS if config.ctx.db.is_sqlite else POSTGRES_WORKERS
        self.workers = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cme-text")
        self._open_connections(workers)

    def get_request(self) -> tuple[socket.socket, Any]:
        """Accept a connection once a connection thread is free (else socketserver goes back to waiting)."""
        if not self._free_threads.acquire(timeout=self.timeout or 0.5):
            raise BlockingIOError("every connection thread is busy")
        try:
            request, address = self.socket.accept()
        except OSError:
            self._free_threads.release()
            raise
        request.setblocking(True)
        return request, address

    def process_request(self, request: Any, client_address: Any) -> None:
        """Hand the accepted connection to a connection thread; the listening thread goes back to accepting."""
        try:
            self.connections.submit(self._serve_connection, request, client_address)
        except RuntimeError:  # shutting down: the thread pool takes no more work
            self._free_threads.release()
            raise

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception as error:  # a client that hung up or stalled; the next connection is served as usual
            log.info("A connection from %s ended early: %s", client_address[0], type(error).__name__)
        finally:
            self.shutdown_request(request)
            self._free_threads.release()

    def _open_connections(self, count: int) -> None:
        """Fill the pool now, so the first texts after a (re)start do not each wait to connect."""
        try:
            with contextlib.ExitStack() as opened:
                for _ in range(count):
                    opened.enter_context(self.config.ctx.db.engine.connect()).exec_driver_sql("SELECT 1")
        except Exception as error:  # the texts will say so; the server starts anyway
            log.warning("Could not connect to the database yet: %s", type(error).__name__)

    def answer(self, text: InboundText) -> str:
        """The TwiML reply, from one of the workers; the calling request thread waits for it."""
        return self.workers.submit(self._answer, text).result()

    def _answer(self, text: InboundText) -> str:
        try:
            return handle_inbound(self.config.ctx, text).twiml()
        except DatabaseUnavailable:
            # A pooled connection the server dropped since its last use (a restart, an idle timeout): once more on
            # a fresh one. The message id makes the retry safe; a database that is really down fails again.
            log.warning("Lost the database connection while answering a text; trying once more")
            return handle_inbound(self.config.ctx, text).twiml()

    def service_actions(self) -> None:
        """Called by serve_forever about twice a second."""
        if self.parent_pid is not None and os.getppid() != self.parent_pid:
            log.warning("The main gateway process is gone; this one stops too")
            raise KeyboardInterrupt

    def server_close(self) -> None:
        super().server_close()
        self.connections.shutdown(wait=True)
        self.workers.shutdown(wait=True)


class WebhookHandler(BaseHTTPRequestHandler):
    server: GatewayServer
    server_version = "CMEDeskGateway/1"
    protocol_version = "HTTP/1.1"
    timeout = CLIENT_TIMEOUT

    def do_GET(self) -> None:
        if self.path.partition("?")[0] == "/health":
            self._send(HTTPStatus.OK, "ok\n", "text/plain; charset=utf-8")
        else:
            self._send(HTTPStatus.NOT_FOUND, "not found\n", "text/plain; charset=utf-8")

    def do_POST(self) -> None:
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too large\n", "text/plain; charset=utf-8")
            return
        raw = self.rfile.read(length) if length > 0 else b""
        if path != WEBHOOK_PATH:
            self._send(HTTPStatus.NOT_FOUND, "not found\n", "text/plain; charset=utf-8")
            return
        params = parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
        config = self.server.config
        url = config.webhook_url + (f"?{query}" if query else "")
        if not signature_is_valid(config.token, url, params, self.headers.get("X-Twilio-Signature")):
            log.warning("Refused a webhook request from %s: bad or missing signature", self.client_address[0])
            self._send(HTTPStatus.FORBIDDEN, "forbidden\n", "text/plain; charset=utf-8")
            return
        fields = dict(params)
        sid = fields.get("MessageSid") or fields.get("SmsSid") or ""
        sender = fields.get("From", "")
        if not sid or not sender:
            self._send(
                HTTPStatus.BAD_REQUEST, "MessageSid and From are required\n", "text/plain; charset=utf-8"
            )
            return
        try:
            reply = self.server.answer(InboundText(sid, sender, fields.get("To"), fields.get("Body", "")))
        except DatabaseUnavailable as error:
            log.error("Could not answer a text: %s", error)
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, "database unavailable\n", "text/plain; charset=utf-8")
            return
        except Exception as error:  # the provider retries; the log gets the kind of failure, not the text
            log.error(
                "Could not answer a text: %s", type(error).__name__, exc_info=log.isEnabledFor(logging.DEBUG)
            )
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "error\n", "text/plain; charset=utf-8")
            return
        self._send(HTTPStatus.OK, reply, "application/xml; charset=utf-8")

    def _send(self, status: HTTPStatus, body: str, content_type: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.client_address[0], format % args)


def make_server(
    ctx: Context,
    host: str,
    port: int,
    public_url: str | None,
    token: str,
    listening: socket.socket | None = None,
) -> GatewayServer:
    """A gateway on `listening`, or on a new socket bound to host:port (port 0 picks a free one).

    `public_url` defaults to http://host:port.
    """
    listening = listening or listen(host, port)
    bound = listening.getsockname()[1]
    return GatewayServer(listening, GatewayConfig(ctx, public_url or f"http://{host}:{bound}", token))


@contextlib.contextmanager
def running(
    ctx: Context, host: str = "127.0.0.1", port: int = 0, public_url: str | None = None, *, token: str
) -> Iterator[GatewayServer]:
    """A gateway serving in a background thread for as long as the block runs (tests, benchmarks)."""
    server = make_server(ctx, host, port, public_url, token)
    thread = threading.Thread(target=server.serve_forever, name="cme-gateway", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
