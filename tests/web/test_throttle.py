"""Rate limits per client (web/throttle.py): a sliding window, and a bounded memory of clients."""

from __future__ import annotations

from cme_desktop.web.throttle import Throttle


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
