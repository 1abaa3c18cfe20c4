"""The garbage collector paused during big imports (services/importing/collector.py) comes back on: a desktop app
left without it would grow for as long as it stays open."""

from __future__ import annotations

import gc
import threading

import pytest

from cme_desktop.services.importing.collector import collection_paused


def test_overlapping_imports_keep_it_paused_until_the_last_ends() -> None:
    assert gc.isenabled()
    first_inside, second_done, results = threading.Event(), threading.Event(), []

    def second() -> None:
        first_inside.wait(5)
        with collection_paused():
            results.append(gc.isenabled())
        second_done.set()

    worker = threading.Thread(target=second)
    worker.start()
    with collection_paused():
        first_inside.set()
        second_done.wait(5)
        results.append(gc.isenabled())  # the other import ended, this one goes on
    worker.join(5)
    assert results == [False, False]
    assert gc.isenabled()


def test_a_failed_import_turns_it_back_on() -> None:
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("the file could not be read")
    assert gc.isenabled()


def test_a_collector_switched_off_by_someone_else_stays_off() -> None:
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
