"""Running the application on uvicorn: one process, or several sharing one listening socket (PostgreSQL).

The socket is bound here, before any worker starts, so the port is known (and printed) even when 0 picks one.
uvicorn's supervisor starts the workers as new processes (each builds the app and opens its own connections),
restarts one that dies, and stops them all on SIGTERM or Ctrl+C; one process stops gracefully on either too.
No `Server` header is sent (it named the software and its version), and uvicorn's access log, which writes query
strings, is replaced by the app's own (app.AccessLog).
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import uvicorn
from starlette.types import ASGIApp
from uvicorn.supervisors import Multiprocess

from cme_desktop.services.context import Context
from cme_desktop.web.app import create_app
from cme_desktop.web.config import Limits, WebConfig
from cme_desktop.web.protocol import DeadlineProtocol

BACKLOG = 1024
LOG_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": LOG_FORMAT}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
    },
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "uvicorn": {"level": "INFO"},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"level": "WARNING", "propagate": False},
    },
}


class ServerConfig(uvicorn.Config):
    """uvicorn's configuration carrying the request limits to the protocol (protocol.DeadlineProtocol)."""

    def __init__(self, app: ASGIApp, limits: Limits, **options: Any) -> None:
        super().__init__(app, **options)
        self.limits = limits


def server_config(
    app: ASGIApp, limits: Limits, workers: int = 1, *, log_config: dict[str, Any] | None = LOG_CONFIG
) -> ServerConfig:
    return ServerConfig(
        app,
        limits,
        http=DeadlineProtocol,
        lifespan="on",
        workers=workers,
        access_log=False,
        server_header=False,
        proxy_headers=False,  # the client address logged is the proxy's; nothing trusts a forwarded header
        timeout_keep_alive=limits.keep_alive_seconds,
        limit_concurrency=limits.max_connections,
        backlog=BACKLOG,
        timeout_graceful_shutdown=10,
        log_config=log_config,
        ws="none",
    )


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before any worker starts so that they all accept from it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=BACKLOG)
    sock.set_inheritable(True)
    return sock


class _Server(uvicorn.Server):
    """uvicorn's server, saying when it is ready: connections that come earlier wait in the socket's queue."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[], None]) -> None:
        super().__init__(config)
        self.on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and not self.should_exit:
            self.on_ready()


class _Workers(Multiprocess):
    """uvicorn's supervisor, saying when every worker has started (each builds the app and connects first)."""

    def __init__(
        self, config: uvicorn.Config, sockets: list[socket.socket], on_ready: Callable[[], None]
    ) -> None:
        super().__init__(config, sockets)
        self.on_ready = on_ready

    def init_processes(self) -> None:
        super().init_processes()
        ready = all(process.wait_until_ready(STARTUP_SECONDS, self.should_exit) for process in self.processes)
        if ready:
            self.on_ready()


STARTUP_SECONDS = 60.0


def serve(
    app: ASGIApp,
    limits: Limits,
    listening: socket.socket,
    workers: int,
    on_ready: Callable[[], None] = lambda: None,
) -> None:
    """Serve until SIGTERM or Ctrl+C: in this process, or in `workers` worker processes; then return.
    `on_ready` is called once every worker accepts connections."""
    config = server_config(app, limits, workers)
    # uvicorn stops gracefully on either signal and then raises it again for whoever handled it before: here,
    # a handler that does nothing, so that a stop is an ordinary return (exit status 0).
    previous = {sig: signal.signal(sig, _stopped) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        if workers == 1:
            _Server(config, on_ready).run(sockets=[listening])
        else:
            _Workers(config, [listening], on_ready).run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stopped(_signum: int, _frame: object) -> None:
    """SIGTERM or SIGINT after uvicorn has stopped: nothing left to do."""


@contextlib.contextmanager
def running(
    ctx: Context,
    public_url: str | None = None,
    *,
    token: str,
    limits: Limits | None = None,
    retention_job: bool = False,
) -> Iterator[tuple[int, WebConfig]]:
    """The app served on 127.0.0.1 in a background thread for as long as the block runs (tests, benchmarks).

    Yields the port and the configuration; `public_url` defaults to http://127.0.0.1:<port>.
    """
    limits = limits or Limits()
    listening = listen("127.0.0.1", 0)
    port = listening.getsockname()[1]
    config = WebConfig(public_url or f"http://127.0.0.1:{port}", token, limits, retention_job)
    server = uvicorn.Server(server_config(create_app(ctx, config), limits, log_config=None))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, name="cme-web", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("The web server did not start.")
            time.sleep(0.01)
        yield port, config
    finally:
        server.should_exit = True
        thread.join(30)
        listening.close()
