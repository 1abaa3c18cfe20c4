"""The one hub that tells the screens what changed (as Anki's operation_did_execute and Vorta's app events do).

Every committed write on this machine, whatever thread or page made it, is reported by the database with the
tables it wrote (`Database.on_commit`); the hub names them as kinds of records (`services.changes`) and emits, on
the GUI thread, `changed(kinds)` and one signal per kind. Pages subscribe to what they show and never announce
their own writes, so a merge that moves claims refreshes Attendance as well as People. Writes made elsewhere
(the texting server, another coordinator) reach a page through its own poll.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from cme_desktop.services.changes import Change, changes_of
from cme_desktop.services.context import Context
from cme_desktop.ui.undo import UndoList


class AppEvents(QObject):
    changed = Signal(object)  # frozenset[Change]: every kind a write changed, once per write
    sessions_changed = Signal()  # activities, sessions, credits, codes
    attendance_changed = Signal()  # claims
    certificates_changed = Signal()
    people_changed = Signal()
    disclosures_changed = Signal()
    messages_changed = Signal()
    settings_changed = Signal()
    portal_changed = Signal()  # learners signing in on the portal (nothing shows it yet)
    page_requested = Signal(str)  # a page asks the main window to show another (its side-bar title)
    said = Signal(str)  # a short outcome for the status bar ("Revoked …; Edit › Undo takes it back")
    _committed = Signal(object)  # from any thread; delivered on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._committed.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._stops: dict[int, Callable[[], None]] = {}
        self.undo = UndoList(self)  # Edit › Undo: the newest thing a coordinator can take back
        self._signals = {
            Change.ACTIVITIES: self.sessions_changed,
            Change.CLAIMS: self.attendance_changed,
            Change.CERTIFICATES: self.certificates_changed,
            Change.PEOPLE: self.people_changed,
            Change.DISCLOSURES: self.disclosures_changed,
            Change.MESSAGES: self.messages_changed,
            Change.SETTINGS: self.settings_changed,
            Change.PORTAL: self.portal_changed,
        }

    def say(self, text: str) -> None:
        self.said.emit(text)

    def watch(self, ctx: Context) -> None:
        """Hear every write committed on `ctx`'s database (once, however often asked)."""
        key = id(ctx.db)
        if key not in self._stops:
            self._stops[key] = ctx.db.on_commit(self._committed.emit)

    def unwatch(self, ctx: Context) -> None:
        stop = self._stops.pop(id(ctx.db), None)
        if stop is not None:
            stop()

    def _deliver(self, tables: frozenset[str]) -> None:
        kinds = changes_of(tables)
        if not kinds:
            return
        self.changed.emit(kinds)
        for kind in Change:
            if kind in kinds:
                self._signals[kind].emit()
