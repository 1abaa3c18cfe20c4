"""The background helper every page uses: results on the GUI thread, errors as sentences, retry, cancel."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from cme_desktop.store.db import DatabaseUnavailable
from cme_desktop.ui.tasks import BackgroundTask, Progress


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    threads: dict[str, threading.Thread] = {}
    results: list[int] = []

    def work(progress: Progress) -> int:
        threads["work"] = threading.current_thread()
        return 42

    def done(value: int) -> None:
        threads["callback"] = threading.current_thread()
        results.append(value)

    task = BackgroundTask(parent, work).success(done)
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.run()
    assert results == [42]
    assert threads["work"] is not threading.main_thread()
    assert threads["callback"] is threading.main_thread()


def test_a_bad_input_error_is_shown_as_its_sentence(qtbot, dialogs: list[str]) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(progress: Progress) -> None:
        raise ValueError("Credits are given in steps of 0.25; 1.1 is not one of them.")

    task = BackgroundTask(parent, work)
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.run()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=5000)
    assert dialogs == ["Credits are given in steps of 0.25; 1.1 is not one of them."]


def test_a_lost_connection_offers_retry_and_retrying_succeeds(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    asked: list[str] = []

    def answer_retry(box: QMessageBox) -> int:
        asked.append(box.text())
        return int(QMessageBox.StandardButton.Retry)

    monkeypatch.setattr(QMessageBox, "exec", answer_retry)
    attempts: list[int] = []

    def work(progress: Progress) -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise DatabaseUnavailable("The database server could not be reached.")
        return "saved"

    results: list[str] = []
    BackgroundTask(parent, work).success(results.append).run()
    qtbot.waitUntil(lambda: results == ["saved"], timeout=5000)
    assert asked == ["The database server could not be reached."]
    assert len(attempts) == 2


def test_an_unexpected_error_says_nothing_was_saved_and_points_to_the_log(qtbot, dialogs: list[str]) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(progress: Progress) -> None:
        raise KeyError("boom")

    BackgroundTask(parent, work).run()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=5000)
    assert "nothing was saved" in dialogs[0]


def test_cancel_stops_the_work_between_steps(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()
    release = threading.Event()
    done_steps: list[int] = []
    outcomes: list[str] = []

    def work(progress: Progress) -> str:
        for step in range(100):
            if step == 1:
                started.set()
                release.wait(5)
            progress.update(step, 100, f"Certificate {step + 1} of 100")
            done_steps.append(step)
        return "finished"

    task = BackgroundTask(parent, work, "Printing certificates…", cancellable=True).success(outcomes.append)
    task.run()
    assert started.wait(5)
    task.cancel()
    release.set()
    qtbot.waitSignal(task.finished, timeout=5000).wait()
    assert outcomes == []
    assert len(done_steps) < 100
