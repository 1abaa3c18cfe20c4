"""Edit › Undo: the last things a coordinator can take back (a revoked attendance, a merge), newest first.

An entry is a label ("Undo revoke: Jane Doe, MD") and a function that starts the undoing write. The
list belongs to the window on one database and is emptied when that window closes, so an undo never reaches a
database the coordinator has left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

LIMIT = 20


@dataclass(frozen=True)
class UndoEntry:
    label: str  # what the menu says: "Undo revoke: Jane Doe, MD"
    run: Callable[[], None]


class UndoList(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[UndoEntry] = []

    def push(self, label: str, run: Callable[[], None]) -> None:
        self._entries.append(UndoEntry(label, run))
        del self._entries[:-LIMIT]
        self.changed.emit()

    def undo(self) -> None:
        if not self._entries:
            return
        entry = self._entries.pop()
        self.changed.emit()
        entry.run()

    def forget(self, label: str) -> None:
        """Drop an entry that can no longer be undone this way (undone from elsewhere)."""
        self._entries = [e for e in self._entries if e.label != label]
        self.changed.emit()

    def clear(self) -> None:
        self._entries.clear()
        self.changed.emit()

    @property
    def label(self) -> str | None:
        return self._entries[-1].label if self._entries else None
