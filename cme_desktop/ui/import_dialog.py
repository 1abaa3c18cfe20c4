"""The one import dialog (people, sessions, attendance): the preview of every row, then all rows or none.

It says how the file was read (encoding and separator) and which columns were left out, lists each row by the
file line it starts on, with what importing it does or, in red, every problem it has, and offers the same three
buttons everywhere: Check again (after fixing the file in the spreadsheet), Import (only when every row is
right) and Cancel. A page gives it two functions that run off the GUI thread: one that checks the file and one
that imports it; both take the reason typed in the dialog (attendance asks for one when claims fall outside
the code window; "" elsewhere) and return the services' ImportReport.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.errors import InputError
from cme_desktop.services.importing.report import ImportRefused, ImportReport, ImportRow
from cme_desktop.ui.table import RowTable
from cme_desktop.ui.tasks import BackgroundTask

PROBLEM = QColor("#b3261e")
NEEDS_FIXING = "Needs fixing"


class ImportRowsModel(RowTable[ImportRow]):
    """Line, the report's own columns, Result, Details; a row with problems is red, its problems its details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(("Line", "Result", "Details"), parent)

    def show(self, report: ImportReport) -> None:
        self.beginResetModel()
        self.headers = ("Line", *report.columns, "Result", "Details")
        self.rows = list(report.rows)
        self.endResetModel()

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(PROBLEM) if row.problems else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(row.problems) or row.note or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return str(row.line)
        if column <= len(row.cells):
            return row.cells[column - 1]
        if column == len(self.headers) - 2:
            return NEEDS_FIXING if row.problems else row.outcome
        return " ".join(row.problems) if row.problems else row.note


class _ProblemsOnly(QSortFilterProxyModel):
    """Keeps only the rows with problems while `only` is set (a file of 50,000 rows with three to fix)."""

    only = False

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        return not self.only or (isinstance(model, ImportRowsModel) and bool(model.rows[source_row].problems))


class ImportDialog(QDialog):
    """Check a file, show the report, import it all or nothing."""

    imported = Signal(object)  # ImportReport, committed
    previewed = Signal()

    def __init__(
        self,
        title: str,
        check: Callable[[str], ImportReport],
        commit: Callable[[str], ImportReport],
        parent: QWidget | None = None,
        reason_prompt: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.check_file, self.commit_file = check, commit
        self.report: ImportReport | None = None
        self.setWindowTitle(title)
        self.resize(980, 560)
        self.summary = QLabel("Reading the file…")
        self.summary.setObjectName("sectionHeading")
        self.summary.setWordWrap(True)
        self.read_as = QLabel("")
        self.read_as.setObjectName("hint")
        self.read_as.setWordWrap(True)
        self.problems = QLabel("")
        self.problems.setStyleSheet(f"color: {PROBLEM.name()}; font-weight: 600;")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Problems with the file")
        self.problems.hide()
        self.model = ImportRowsModel(self)
        self.filtered = _ProblemsOnly(self)
        self.filtered.setSourceModel(self.model)
        self.problems_only = QCheckBox("Show only the rows that need fixing")
        self.problems_only.toggled.connect(self._filter)
        self.problems_only.hide()
        self.table = QTableView()
        self.table.setModel(self.filtered)
        self.table.setAccessibleName("Import preview")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(reason_prompt or "")
        self.reason.setAccessibleName("Reason")
        self.reason.setVisible(reason_prompt is not None)
        self.reason.editingFinished.connect(self._reason_changed)
        self._checked_reason = ""
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.check_button = self.buttons.addButton("Check again", QDialogButtonBox.ButtonRole.ActionRole)
        self.check_button.setToolTip("Read the file again, after fixing it in the spreadsheet.")
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.check_button.clicked.connect(self.run_check)
        self.import_button.clicked.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.read_as)
        layout.addWidget(self.problems_only)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.run_check()

    def run_check(self) -> None:
        self.import_button.setEnabled(False)
        self.check_button.setEnabled(False)
        check, reason = self.check_file, self.reason.text().strip()
        self._checked_reason = reason
        BackgroundTask(self, lambda _p: check(reason), "Checking the file…").success(
            self.show_report
        ).failure(self._failed).run()

    def show_report(self, report: ImportReport) -> None:
        self.report = report
        self.model.show(report)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount() - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        bad = len(report.problem_rows)
        self.problems_only.setText(
            f"Show only the {bad} row{'s that need' if bad != 1 else ' that needs'} fixing"
        )
        self.problems_only.setVisible(0 < bad < len(report.rows))
        self.problems_only.setChecked(bad > 0)
        self._filter()
        self.summary.setText(report.summary())
        read = f"Read as {report.read_as}."
        if report.ignored_columns:
            read += f" Columns CME Desk does not use were left out: {', '.join(report.ignored_columns)}."
        self.read_as.setText(read)
        self._say(" ".join(filter(None, (*(_sentence(p) for p in report.file_problems), report.advice))))
        rows = len(report.rows)
        self.import_button.setEnabled(report.ok and not report.committed)
        self.import_button.setText(f"Import {rows} row{'s' if rows != 1 else ''}" if report.ok else "Import")
        self.check_button.setEnabled(not report.committed)
        self.previewed.emit()

    def run_import(self) -> None:
        if self.report is None or not self.report.ok:
            return
        self.import_button.setEnabled(False)
        self.check_button.setEnabled(False)
        commit, reason = self.commit_file, self._checked_reason
        BackgroundTask(self, lambda _p: commit(reason), "Importing…").success(self._imported).failure(
            self._failed
        ).run()

    def _imported(self, report: ImportReport) -> None:
        self.show_report(report)
        self.imported.emit(report)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        """A refused import shows its report; a file that cannot be read, its sentence; a bug, the error box."""
        self.check_button.setEnabled(True)
        if isinstance(error, ImportRefused):
            self.show_report(error.report)
            return True
        if isinstance(error, InputError):  # the file cannot be read, or the import was refused
            self.summary.setText("Nothing was imported.")
            self._say(str(error))
            self.previewed.emit()
            return True
        return False

    def _filter(self) -> None:
        self.filtered.only = self.problems_only.isChecked() and self.problems_only.isVisible()
        self.filtered.invalidate()
        if self.filtered.rowCount() <= 500:  # every problem in full; past that, measuring rows costs seconds
            self.table.resizeRowsToContents()

    def _reason_changed(self) -> None:
        if self.reason.text().strip() != self._checked_reason and self.check_button.isEnabled():
            self.run_check()  # a reason lets late claims in: what the import would do has changed

    def _say(self, text: str) -> None:
        self.problems.setText(text)
        self.problems.setVisible(bool(text))


def _sentence(problem: str) -> str:
    return problem[:1].upper() + problem[1:]
