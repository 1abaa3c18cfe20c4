"""The one helper that runs work off the GUI thread, with progress, cancel and errors shown in a dialog.

    BackgroundTask(parent, lambda progress: services.x(ctx), "Loading...").success(show).run()

Work receives a Progress it may report to and check for cancellation; results come back on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from cme_desktop.store.db import DatabaseUnavailable

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


class _Runner(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], progress: Progress, relay: _Relay) -> None:
        super().__init__()
        self.work, self.progress, self.relay = work, progress, relay

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except BaseException as error:
            self.relay.failed.emit(error)
        else:
            self.relay.succeeded.emit(result)


_running: set[BackgroundTask[Any]] = set()


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
        self._relay = relay
        self.progress = Progress(relay)
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
        _running.add(self)
        QThreadPool.globalInstance().start(_Runner(self._work, self.progress, relay))
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
        _running.discard(self)
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
    """A clear sentence for expected failures; details (and the log) for unexpected ones."""
    box = QMessageBox(parent)
    box.setWindowTitle("CME Desk")
    if isinstance(error, str):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(error)
    elif isinstance(error, ValueError | DatabaseUnavailable | PermissionError | FileNotFoundError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(str(error))
    else:
        log.error("Unexpected error", exc_info=error)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText("Something went wrong, and nothing was saved from the step that failed.")
        box.setInformativeText(f"{type(error).__name__}: {error}\n\nThe details are in the log file.")
    if retry:
        box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Retry)
    else:
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return QMessageBox.StandardButton(box.exec())
