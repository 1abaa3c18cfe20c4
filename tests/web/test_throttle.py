"""Rate limits per client (web/throttle.py): who the client is behind the office's proxy, and the sliding window."""

from __future__ import annotations

from starlette.requests import Request

from cme_desktop.web.throttle import Throttle, client_address


def _request(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded is not None else []
    return Request({"type": "http", "client": (peer, 4000), "headers": headers})


def test_behind_a_proxy_on_this_machine_the_client_is_the_one_the_proxy_saw() -> None:
    assert client_address(_request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
    # A client may send its own X-Forwarded-For; the proxy appends the address it saw, and that one counts.
    assert client_address(_request("::1", "10.9.9.9, 198.51.100.7")) == "198.51.100.7"
    # A request that did not come through the proxy is its own address, whatever it claims.
    assert client_address(_request("203.0.113.5", "198.51.100.7")) == "203.0.113.5"
    assert client_address(_request("127.0.0.1", "not an address")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1")) == "127.0.0.1"


def test_a_client_past_the_limit_waits_until_its_oldest_request_leaves_the_window() -> None:
    now = [1000.0]
    throttle = Throttle(3, 60.0, clock=lambda: now[0])
    assert [throttle.wait("a") for _ in range(3)] == [0, 0, 0]
    assert throttle.wait("a") == 60
    assert throttle.wait("b") == 0  # another client is counted on its own
    now[0] += 45
    assert throttle.wait("a") == 15
    now[0] += 15
    assert throttle.wait("a") == 0  # the first request left the window


def test_a_flood_of_addresses_is_forgotten_oldest_first() -> None:
    throttle = Throttle(1, 60.0, max_clients=100, clock=lambda: 5.0)
    for n in range(1000):
        throttle.wait(f"client-{n}")
    assert throttle.wait("client-999") > 0  # still remembered
    assert throttle.wait("client-0") == 0  # forgotten
    assert len(throttle._seen) <= 100
