"""Rate limits per client, for public pages that look things up (certificate verification): a client may make
`limit` requests in any `seconds`; past that it is told when to come back (HTTP 429 with Retry-After).

Counted in this worker process's memory: several workers (PostgreSQL) each count on their own, so a client gets
up to `limit` per worker. That is enough for what it guards against (someone scripting lookups, a crawler): a
verification code has 55 random bits, so a limit is there for load and manners, not for secrecy.

The client is `client_address`: behind the office's TLS proxy, the address the proxy saw.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from starlette.requests import Request


def client_address(request: Request) -> str:
    """The learner's network address: the peer's, or, when the peer is a proxy on this machine (the office's TLS
    proxy), the address that proxy put last in X-Forwarded-For."""
    peer = request.client.host if request.client else "?"
    try:
        local = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        local = False
    forwarded = request.headers.get("x-forwarded-for", "")
    if local and forwarded:
        return forwarded.split(",")[-1].strip()[:64] or peer
    return peer


def client_wait(request: Request, name: str, limit: int, seconds: float) -> int:
    """0 when this request's client may go ahead under the app's limit `name` (and it is counted), else the whole
    seconds until it may. Each limit is a Throttle made on its first use, one per server worker."""
    state = request.app.state
    throttle = getattr(state, name, None)
    if not isinstance(throttle, Throttle):
        throttle = Throttle(limit, seconds)
        setattr(state, name, throttle)
    return throttle.wait(client_address(request))


class Throttle:
    """At most `limit` requests per client in any window of `seconds` (a sliding log of request times).

    Used from the event loop only (no locks). At most `max_clients` clients are remembered: past that, the one
    heard from least recently is forgotten, so a flood of addresses cannot use up the server's memory."""

    def __init__(
        self,
        limit: int,
        seconds: float,
        *,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.seconds = seconds
        self.max_clients = max_clients
        self.clock = clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()

    def wait(self, client: str) -> int:
        """0 when `client` may go ahead now (and it is counted), else the whole seconds until it may."""
        now = self.clock()
        times = self._seen.pop(client, None) or deque()
        while times and times[0] <= now - self.seconds:
            times.popleft()
        self._seen[client] = times  # the most recently heard from goes last
        if len(times) >= self.limit:
            return max(1, math.ceil(times[0] + self.seconds - now))
        times.append(now)
        while len(self._seen) > self.max_clients:
            self._seen.popitem(last=False)
        return 0
