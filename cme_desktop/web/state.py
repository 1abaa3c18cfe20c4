"""What every route of the running app shares: the service context, the settings it was started with, the
threads that run service calls (blocking database work never runs on the event loop), and the mail outbox.

Service calls queue for a fixed pool of threads (one on SQLite, a few on PostgreSQL) in arrival order. A thread
that finishes one takes the next from the queue at once: it does not wait for the event loop to hand it over,
which under a burst would leave the database idle between texts while the loop parses other requests.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from starlette.requests import Request

from cme_desktop.errors import DatabaseUnavailable
from cme_desktop.services.context import Context
from cme_desktop.services.mail.outbox import Outbox
from cme_desktop.web.config import WebConfig

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class WebState:
    ctx: Context
    config: WebConfig
    threads: ThreadPoolExecutor
    outbox: Outbox

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """`work(self.ctx, *args)` on one of the service threads, in arrival order."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.threads, functools.partial(self._call, work, *args))

    def _call(self, work: Callable[..., T], *args: object) -> T:
        try:
            return work(self.ctx, *args)
        except DatabaseUnavailable:
            # A pooled connection the server dropped since its last use (a restart, an idle timeout): once more
            # on a fresh one. Service calls made here are safe to repeat (a text's message id, for one).
            log.warning("Lost the database connection; trying once more")
            return work(self.ctx, *args)


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state
