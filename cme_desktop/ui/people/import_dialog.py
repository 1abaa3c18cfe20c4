"""Import people from CSV: a row-by-row preview first, then all rows or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableView, QVBoxLayout, QWidget

from cme_desktop.services.context import Context
from cme_desktop.services.people.importing import (
    ImportRefused,
    ImportReport,
    ImportRow,
    import_people,
    preview_people_import,
)
from cme_desktop.ui.people.models import RowsModel
from cme_desktop.ui.tasks import BackgroundTask

ACTION_WORDS = {"create": "New", "update": "Update", "unchanged": "No change", "error": "Error"}


class ReportModel(RowsModel[ImportRow]):
    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            if self.rows[index.row()].action == "error":
                return QBrush(QColor("#b3261e"))
            return None
        return super().data(index, role)


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportReport
    previewed = Signal()

    def __init__(self, ctx: Context, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(f"Import people from {path.name}")
        self.resize(820, 520)
        self.text = path.read_text(encoding="utf-8-sig")
        self.summary = QLabel("Reading the file…")
        self.summary.setWordWrap(True)
        self.model = ReportModel(
            [
                ("Row", lambda r: r.line),
                ("Name", lambda r: r.name),
                ("Result", lambda r: ACTION_WORDS.get(r.action, r.action)),
                ("Details", lambda r: r.message),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Import preview")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        text = self.text
        BackgroundTask(self, lambda _p: preview_people_import(ctx, text), "Checking the file…").success(
            self._show
        ).failure(self._failed).run()

    def _show(self, report: ImportReport) -> None:
        self.model.set_rows(report.rows)
        self.table.resizeColumnsToContents()
        errors = report.count("error")
        counts = (
            f"{report.count('create')} new, {report.count('update')} updated, "
            f"{report.count('unchanged')} unchanged, {errors} with errors."
        )
        if report.committed:
            self.summary.setText(f"Imported: {counts}")
        elif errors:
            self.summary.setText(
                f"{counts} Fix the rows marked Error and open the file again: nothing is imported until every row is right."
            )
        else:
            self.summary.setText(f"{counts} Press Import to save them all.")
        self.import_button.setEnabled(report.ok and not report.committed)
        self.previewed.emit()

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, ImportRefused):
            self._show(error.report)
            return False
        self.summary.setText(str(error))
        return False

    def run_import(self) -> None:
        ctx, text = self.ctx, self.text
        self.import_button.setEnabled(False)
        BackgroundTask(self, lambda _p: import_people(ctx, text), "Importing people…").success(
            self._done
        ).failure(self._failed).run()

    def _done(self, report: ImportReport) -> None:
        self.imported.emit(report)
        self.accept()
