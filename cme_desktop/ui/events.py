"""App-wide change signals, so pages refresh only what changed (as Vorta's app events do)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    sessions_changed = Signal()
    people_changed = Signal()
    attendance_changed = Signal()
    settings_changed = Signal()
    disclosures_changed = Signal()
