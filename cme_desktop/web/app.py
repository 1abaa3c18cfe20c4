"""The application: every capability's routes, one access log without query strings, and the work done at
start (connections opened, the retention and disclosure reminder jobs) and at stop (mail handed over is sent,
connections closed)."""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cme_desktop.services.context import Context
from cme_desktop.services.database.opening import warm_pool
from cme_desktop.services.mail.config import mail_config
from cme_desktop.services.mail.outbox import Outbox
from cme_desktop.services.office.settings import load_settings
from cme_desktop.services.standard3.reminders import remind_now
from cme_desktop.services.texting.retention import purge_old_texts
from cme_desktop.web import disclose, health, portal, records, twilio, verify
from cme_desktop.web.config import WebConfig
from cme_desktop.web.portal.errors import exception_handlers
from cme_desktop.web.portal.security import SecurityHeaders
from cme_desktop.web.portal.visits import PortalVisits
from cme_desktop.web.state import WebState

log = logging.getLogger(__name__)
access = logging.getLogger("cme_desktop.web.access")

RETENTION_EVERY = 24 * 3600.0
REMINDERS_EVERY = 15 * 60.0
# Paths whose end is a secret (a disclosure invitation's token): the access log keeps only their start.
SECRET_PATHS = ("/disclose/i/",)
# One route module per capability; the portal and the disclosure forms add theirs here.
CAPABILITIES = (health, twilio, portal, records, verify, disclose)


def create_app(ctx: Context, config: WebConfig, *, owns_context: bool = False) -> Starlette:
    """The web application on `ctx`; with `owns_context` it closes the context's connections when it stops."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        threads = config.limits.threads_for(ctx.db.is_sqlite)
        outbox = Outbox(lambda: mail_config(load_settings(ctx)))
        pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="cme-service")
        app.state.web = WebState(ctx, config, pool, outbox)
        await anyio.to_thread.run_sync(warm_pool, ctx, threads)
        async with anyio.create_task_group() as tasks:
            if config.retention_job:
                tasks.start_soon(_retention, ctx)
            if config.reminder_job:
                tasks.start_soon(_reminders, ctx, config.public_url)
            try:
                yield
            finally:
                tasks.cancel_scope.cancel()
        await anyio.to_thread.run_sync(functools.partial(pool.shutdown, wait=True))
        await anyio.to_thread.run_sync(outbox.close)
        if owns_context:
            ctx.db.dispose()

    routes = [route for capability in CAPABILITIES for route in capability.routes()]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers=exception_handlers())  # type: ignore[arg-type]
    https = config.public_url.lower().startswith("https://")
    # Outermost last: the access log sees every answer; headers go on every page; each page knows its visit.
    app.add_middleware(PortalVisits, https=https)
    app.add_middleware(SecurityHeaders, https=https)
    app.add_middleware(AccessLog)
    return app


async def _retention(ctx: Context) -> None:
    """The office's text retention, now and every day after (DESIGN: message retention, issue 16)."""
    while True:
        try:
            purged = await anyio.to_thread.run_sync(purge_old_texts, ctx)
            if purged.deleted or purged.emptied:
                log.info(
                    "Text retention: %d texts from unlinked numbers deleted, %d texts emptied",
                    purged.deleted,
                    purged.emptied,
                )
        except Exception as error:
            log.warning("Text retention could not run now: %s", type(error).__name__)
        await anyio.sleep(RETENTION_EVERY)


async def _reminders(ctx: Context, public_url: str) -> None:
    """Disclosure reminders 7 and 3 days before each invited person's first session (issue 18); every process
    runs this, and each reminder is claimed once in the database, so it is sent once."""
    while True:
        try:
            sent = await anyio.to_thread.run_sync(remind_now, ctx, public_url)
            if sent:
                log.info("Disclosure reminders: %d sent", sent)
        except Exception as error:
            log.warning("Disclosure reminders could not be sent now: %s", type(error).__name__)
        await anyio.sleep(REMINDERS_EVERY)


class AccessLog:
    """One line per request: client, method, path and status, never the query string or the body (a texting
    webhook set to GET would put phone numbers and texts there), nor a disclosure link's token."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client") or ("?", 0)
            access.info(
                '%s "%s %s" %d %.0f ms',
                client[0],
                scope["method"],
                _logged_path(scope["path"]),
                status,
                (time.perf_counter() - started) * 1000,
            )


def _logged_path(path: str) -> str:
    for start in SECRET_PATHS:
        if path.startswith(start):
            return start + "…"
    return path[:200]


@dataclass(frozen=True)
class AppSource:
    """The application as a worker process builds it: picklable, so each of uvicorn's worker processes gets
    it and opens its own database connections at start (none cross a process boundary)."""

    open_context: Callable[[], Context]
    config: WebConfig

    def __post_init__(self) -> None:
        object.__setattr__(self, "_app", [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        built: list[Any] = self.__dict__["_app"]
        if not built:
            ctx = await anyio.to_thread.run_sync(self.open_context)
            built.append(create_app(ctx, self.config, owns_context=True))
        await built[0](scope, receive, send)

    def __getstate__(self) -> dict[str, Any]:
        return {"open_context": self.open_context, "config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "open_context", state["open_context"])
        object.__setattr__(self, "config", state["config"])
        object.__setattr__(self, "_app", [])
