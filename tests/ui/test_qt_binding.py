"""The Qt binding itself: PySide6 6.12.0 dropped a reference to True on every Signal.emit(), so a long-running app
(thousands of background tasks and progress updates) died with "deallocating True". pyproject.toml excludes that
release; this test keeps any later one from bringing the bug back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    fired = Signal(object)


def test_emitting_a_signal_leaves_true_and_none_alone(qapp) -> None:  # type: ignore[no-untyped-def]
    sender = _Sender()
    received: list[object] = []
    sender.fired.connect(received.append)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(500):
        sender.fired.emit(None)
    assert len(received) == 500
    received.clear()
    # A few references come and go elsewhere meanwhile; the bug takes one per emit (-500 here).
    assert abs(sys.getrefcount(True) - true_before) < 50
    assert abs(sys.getrefcount(None) - none_before) < 50
