"""The background helper every page uses: results on the GUI thread, errors as sentences, retry, cancel."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from cme_desktop.config import log_path
from cme_desktop.errors import DatabaseUnavailable, InputError
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
        raise InputError("Credits are given in steps of 0.25; 1.1 is not one of them.")

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


@pytest.mark.parametrize("bug", [KeyError("boom"), ValueError("invalid literal for int() with base 10: 'x'")])
def test_an_unexpected_error_says_nothing_was_saved_and_points_to_the_log(
    qtbot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, bug: Exception
) -> None:  # type: ignore[no-untyped-def]
    """A bug's own words (even a ValueError's) are not a sentence for the coordinator: the log gets the traceback."""
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: shown.append((box.text(), box.informativeText())) or 0
    )

    def work(progress: Progress) -> None:
        raise bug

    BackgroundTask(parent, work).run()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    text, details = shown[0]
    assert text.startswith("Something went wrong") and "nothing was saved" in text
    assert str(log_path()) in details and str(bug) not in details
    assert any(record.exc_info and record.exc_info[1] is bug for record in caplog.records)


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


def test_database_disk_and_encoding_failures_are_sentences_not_something_went_wrong(
    qtbot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    """Issue 15, item 5: a full disk, a read-only one, a constraint the database enforces and text in the
    wrong encoding are each one sentence for the coordinator, and none quotes the values involved."""
    import errno

    from sqlalchemy.exc import IntegrityError

    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    failures: list[BaseException] = [
        OSError(errno.ENOSPC, "No space left on device", "/exports/attendance.csv"),
        OSError(errno.EROFS, "Read-only file system", "/media/backup/office.sqlite3"),
        IntegrityError(
            "INSERT ...", {"address": "zelda@example.org"}, Exception("Key (address)=(zelda@example.org)")
        ),
        UnicodeEncodeError("ascii", "Zoë", 2, 3, "ordinal not in range(128)"),
    ]
    for count, failure in enumerate(failures, start=1):

        def work(progress: Progress, failure: BaseException = failure) -> None:
            raise failure

        BackgroundTask(parent, work).run()
        qtbot.waitUntil(lambda count=count: len(shown) == count, timeout=5000)
    assert shown[0] == "/exports/attendance.csv could not be used: the disk is full."
    assert shown[1] == "/media/backup/office.sqlite3 could not be used: the disk is read-only."
    assert shown[2].startswith("The database refused the change because someone saved the same record")
    assert shown[3].startswith("Some characters cannot be shown or written in the ascii encoding")
    assert not any("zelda" in text or "Something went wrong" in text for text in shown)
