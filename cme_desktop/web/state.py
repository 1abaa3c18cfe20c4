"""What every route of the running app shares: the service context, the settings it was started with, the
threads that run service calls (blocking database work never runs on the event loop), and the mail outbox."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import anyio
import anyio.to_thread
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
    limiter: anyio.CapacityLimiter
    outbox: Outbox

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """`work(self.ctx, *args)` on one of the service threads, in arrival order."""
        return await anyio.to_thread.run_sync(
            functools.partial(self._call, work, *args), limiter=self.limiter
        )

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
