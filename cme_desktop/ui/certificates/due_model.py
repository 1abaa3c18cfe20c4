"""The learners due a certificate, as a table (rows are the service's frozen DueLearner dataclasses)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cme_desktop.services.certificates.issuing import DueLearner
from cme_desktop.ui.table import RowTable

_STATUS = {
    "new": "Not yet issued",
    "issued": "Issued",
    "credits changed": "Credits changed: new code",
    "cannot issue": "Cannot issue",
}


class DueModel(RowTable[DueLearner]):
    HEADERS = ("Learner", "Degree", "Date", "Activity", "Credit", "Credits", "Certificate", "Code")

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
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
