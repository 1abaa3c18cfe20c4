"""Small editable grids of the profile dialog: emails, phones, board IDs and licenses (a few rows each)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class EditGrid(QWidget):
    """A few rows of text cells and check boxes, with Add and Remove buttons."""

    def __init__(self, name: str, text_columns: Sequence[str], check_columns: Sequence[str] = ()) -> None:
        super().__init__()
        self.text_columns = list(text_columns)
        self.check_columns = list(check_columns)
        self.table = QTableWidget(0, len(self.text_columns) + len(self.check_columns))
        self.table.setAccessibleName(name)
        self.table.setHorizontalHeaderLabels(self.text_columns + self.check_columns)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(96)
        self.add_button = QPushButton(f"Add {name.lower().rstrip('s')}")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_row(self, texts: Sequence[str] = (), checks: Sequence[bool] = ()) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(len(self.text_columns)):
            self.table.setItem(row, column, QTableWidgetItem(texts[column] if column < len(texts) else ""))
        for offset in range(len(self.check_columns)):
            item = QTableWidgetItem()
            item.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            )
            checked = offset < len(checks) and checks[offset]
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.table.setItem(row, len(self.text_columns) + offset, item)
        if not texts:
            self.table.setCurrentCell(row, 0)
            first = self.table.item(row, 0)
            if first is not None:
                self.table.editItem(first)

    def set_rows(self, rows: Sequence[tuple[Sequence[str], Sequence[bool]]]) -> None:
        self.table.setRowCount(0)
        for texts, checks in rows:
            self.add_row(texts, checks)

    def rows(self) -> list[tuple[list[str], list[bool]]]:
        result = []
        for row in range(self.table.rowCount()):
            texts = [
                (self.table.item(row, c) or QTableWidgetItem()).text() for c in range(len(self.text_columns))
            ]
            checks = [
                (self.table.item(row, len(self.text_columns) + c) or QTableWidgetItem()).checkState()
                == Qt.CheckState.Checked
                for c in range(len(self.check_columns))
            ]
            if any(t.strip() for t in texts):
                result.append((texts, checks))
        return result

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
