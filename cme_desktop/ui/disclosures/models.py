"""A read-only table model over frozen service rows: columns and how each row reads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from cme_desktop.ui.table import RowTable

T = TypeVar("T")


class RowsModel(RowTable[T]):
    """Rows of one dataclass; `cells(row)` gives the texts, `alert(row)` marks rows that need attention."""

    def __init__(
        self,
        columns: Sequence[str],
        cells: Callable[[T], Sequence[str]],
        alert: Callable[[T], bool] | None = None,
    ) -> None:
        super().__init__(columns)
        self.columns = tuple(columns)
        self.cells = cells
        self.alert = alert

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells(row)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and self.alert is not None and self.alert(row):
            return QColor("#9a1c1c")
        return None
