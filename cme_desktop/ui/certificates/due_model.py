"""The learners due a certificate, as a table (rows are the service's frozen DueLearner dataclasses)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cme_desktop.services.certificates import DueLearner

_STATUS = {
    "new": "Not yet issued",
    "issued": "Issued",
    "credits changed": "Credits changed: new code",
    "cannot issue": "Cannot issue",
}


class DueModel(QAbstractTableModel):
    COLUMNS = ("Learner", "Degree", "Date", "Activity", "Credit", "Credits", "Certificate", "Code")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DueLearner] = []

    def set_rows(self, rows: list[DueLearner]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.problem
        if role == Qt.ItemDataRole.ForegroundRole and row.problem and index.column() == 6:
            return QBrush(QColor("#a61b1b"))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            row.learner,
            row.degree or "",
            f"{row.day:%a %b} {row.day.day}, {row.day.year}",
            row.activity,
            row.credit_label,
            row.credits,
            _STATUS.get(row.status, row.status),
            row.verification_code or "",
        )[index.column()]

    def issuable(self) -> int:
        return sum(1 for r in self.rows if r.problem is None)
