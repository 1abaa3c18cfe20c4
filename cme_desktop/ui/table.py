"""The one base for read-only tables: rows of the frozen dataclasses that services return.

It holds the rows, counts them and names the columns; a subclass says in `data` what each cell shows. Views sort
and filter through a QSortFilterProxyModel, so a model never touches the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

T = TypeVar("T")


class RowTable(QAbstractTableModel, Generic[T]):
    HEADERS: Sequence[str] = ()

    def __init__(self, headers: Sequence[str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: tuple[str, ...] = tuple(self.HEADERS if headers is None else headers)
        self.rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.rows_changed()
        self.endResetModel()

    def rows_changed(self) -> None:
        """Called inside a reset: drop anything computed from the previous rows."""

    def row(self, index: int) -> T:
        return self.rows[index]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None
