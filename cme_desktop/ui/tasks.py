"""The one helper that runs work off the GUI thread, with progress, cancel and errors shown in a dialog.

    BackgroundTask(parent, lambda progress: services.x(ctx), "Loading...").success(show).run()

Work receives a Progress it may report to and check for cancellation; results come back on the GUI thread.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from cme_desktop import APP_NAME
from cme_desktop.config import log_path
from cme_desktop.errors import AppError, DatabaseUnavailable
from cme_desktop.services.failures import explain

log = logging.getLogger(__name__)
T = TypeVar("T")


class Cancelled(Exception):
    """Raised inside work when the coordinator pressed Cancel."""


class Progress:
    """Handed to the work: report how far it got; `check()` stops it when cancelled."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancelled = threading.Event()

    def update(self, done: int, total: int, text: str = "") -> None:
        self._relay.progressed.emit(done, total, text)
        self.check()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise Cancelled


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


@dataclass
class _Flight:
    """One piece of work in flight. Held here until the worker is done with it *and* the GUI thread has heard,
    so that the last reference to the work (which may hold widgets) is always dropped on the GUI thread."""

    task: BackgroundTask[Any]
    work: Callable[[Progress], Any]
    relay: _Relay
    progress: Progress
    worker_done: threading.Event = field(default_factory=threading.Event)


# Work in flight, by token; tests wait for it to empty between tests.
_running: dict[int, _Flight] = {}
_tokens = itertools.count(1)


class _Runner(QRunnable):
    def __init__(self, token: int) -> None:
        super().__init__()
        self.token = token

    def run(self) -> None:
        flight = _running[self.token]
        work, relay, progress, worker_done = flight.work, flight.relay, flight.progress, flight.worker_done
        del flight
        try:
            result = work(progress)
        except BaseException as error:
            relay.failed.emit(error)
            del error
        else:
            relay.succeeded.emit(result)
            del result
        del work, relay, progress
        worker_done.set()


def shutdown(wait_ms: int = 10_000) -> bool:
    """At quit: ask all work in flight to stop and wait for it, so no worker outlives the objects it reports to.

    Returns False if some work was still running after `wait_ms` (a query the database has not answered)."""
    for flight in list(_running.values()):
        flight.progress.cancel()
    finished = QThreadPool.globalInstance().waitForDone(wait_ms)
    if not finished:
        log.warning("Quitting with background work still running after %d ms.", wait_ms)
    return finished


def _release(token: int) -> None:
    """Forget a flight on the GUI thread, once its worker has let go of it."""
    flight = _running.get(token)
    if flight is None:
        return
    if flight.worker_done.is_set():
        del _running[token]
    else:
        QTimer.singleShot(10, lambda: _release(token))


class BackgroundTask(QObject, Generic[T]):
    """Run `work` in the thread pool; a progress dialog appears if it takes longer than half a second."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        work: Callable[[Progress], T],
        label: str | None = None,
        cancellable: bool = False,
        retry: bool = True,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._work = work
        self._label = label
        self._cancellable = cancellable
        self._retry = retry
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], bool | None] | None = None
        self._dialog: QProgressDialog | None = None
        self.progress: Progress | None = None

    def success(self, callback: Callable[[T], None]) -> BackgroundTask[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], bool | None]) -> BackgroundTask[T]:
        """`callback` returns True when it has dealt with the error itself (no dialog then)."""
        self._on_failure = callback
        return self

    def run(self) -> BackgroundTask[T]:
        relay = _Relay()
        relay.succeeded.connect(self._succeeded, Qt.ConnectionType.QueuedConnection)
        relay.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        relay.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self.progress = Progress(relay)
        self._token = next(_tokens)
        _running[self._token] = _Flight(self, self._work, relay, self.progress)
        token = self._token
        # If the page that started the work closes first, the flight is still forgotten once the work ends.
        self.destroyed.connect(lambda *_: _release(token))
        if self._label:
            dialog = QProgressDialog(self._label, "Cancel" if self._cancellable else "", 0, 0, self._parent)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(500)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not self._cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(self.progress.cancel)
            self._dialog = dialog
        QThreadPool.globalInstance().start(_Runner(token))
        return self

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()

    def _progressed(self, done: int, total: int, text: str) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(total)
            self._dialog.setValue(done)
            if text:
                self._dialog.setLabelText(text)

    def _close(self) -> None:
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None
        _release(self._token)
        self.finished.emit()

    def _succeeded(self, result: T) -> None:
        self._close()
        if self._on_success is not None:
            self._on_success(result)

    def _failed(self, error: BaseException) -> None:
        self._close()
        if isinstance(error, Cancelled):
            return
        if self._on_failure is not None and self._on_failure(error):
            return
        if isinstance(error, DatabaseUnavailable) and self._retry:
            answer = show_error(self._parent, str(error), retry=True)
            if answer == QMessageBox.StandardButton.Retry:
                QTimer.singleShot(0, self.run)
            return
        show_error(self._parent, error)


def show_error(
    parent: QWidget | None, error: BaseException | str, retry: bool = False
) -> QMessageBox.StandardButton:
    """A coordinator's sentence (AppError, or a database, disk or encoding failure put in words by
    services/failures.py); anything else is a bug: logged with its traceback and shown as "Something went wrong"
    with where the log is."""
    box = QMessageBox(parent)
    box.setWindowTitle(APP_NAME)
    box.setTextFormat(Qt.TextFormat.PlainText)
    sentence = error if isinstance(error, str) else explain(error)
    if sentence is not None:
        if isinstance(error, BaseException) and not isinstance(error, AppError):
            log.warning("%s", sentence, exc_info=error)  # a database, disk or encoding failure: its detail
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(sentence)
    elif isinstance(error, BaseException):
        log.error("Unexpected error", exc_info=error)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText("Something went wrong, and nothing was saved from the step that failed.")
        box.setInformativeText(f"The details are in the log file: {log_path()}")
    if retry:
        box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Retry)
    else:
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return QMessageBox.StandardButton(box.exec())


class Reloader(QObject, Generic[T]):
    """Latest wins: the one way a page (re)loads what it shows.

        self.loader = Reloader(self, self._show)
        self.loader.request(lambda: services.x(ctx, self.search.text()))   # built on the GUI thread

    At most one load runs at a time. A request that arrives while one runs is kept (only the newest), and when
    the running load ends its result is dropped and the newest request runs instead: a refresh is never lost to
    a load in flight, and an older result never overwrites a newer one.
    """

    def __init__(
        self,
        parent: QWidget,
        show: Callable[[T], None],
        failed: Callable[[BaseException], bool | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._show = show
        self._failed = failed
        self._running: BackgroundTask[T] | None = None
        self._next: Callable[[], T] | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None or self._next is not None

    def request(self, load: Callable[[], T]) -> None:
        """Load with `load` (run off the GUI thread) as soon as no other load of this page runs."""
        self._next = load
        if self._running is None:
            self._start()

    def _start(self) -> None:
        load, self._next = self._next, None
        if load is None:
            return
        task: BackgroundTask[T] = BackgroundTask(self._parent, lambda _progress: load())
        self._running = task
        task.success(self._succeeded).failure(self._failure).run()

    def _succeeded(self, result: T) -> None:
        self._running = None
        if self._next is not None:
            self._start()  # a newer request came in: its result is the one to show
            return
        self._show(result)

    def _failure(self, error: BaseException) -> bool:
        self._running = None
        if self._next is not None:
            self._start()
            return True
        return bool(self._failed(error)) if self._failed is not None else False
