"""Pausing Python's cyclic garbage collector while a large import builds its objects.

Checking 50,000 rows makes a few million small objects that all live until the import ends. Each of them counts
towards the collector's next pass, and each pass walks every object still alive, so the passes grow with the
file: they were 6 of the 14 seconds of a 50,000-person import (benchmarks/people_import.py). Reference counting
still frees everything that is not in a cycle; the collector runs again, once, when the last import ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0  # imports running now (an import in the app's worker thread, another from a command)
_was_enabled = True  # the collector's state before the first of them


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection until the last of the overlapping `with` blocks ends (reference counting goes on)."""
    global _holders, _was_enabled
    with _lock:
        _holders += 1
        if _holders == 1:
            _was_enabled = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
