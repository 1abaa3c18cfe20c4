"""Import a series' sessions from CSV: a row-by-row preview first, then all rows or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.credits import format_credits
from cme_desktop.services.activities.calendar import SessionSummary
from cme_desktop.services.activities.session_import import (
    COLUMNS,
    ImportPreview,
    ImportRow,
    SessionImportError,
    commit_import,
    parse_preview,
)
from cme_desktop.services.context import Context
from cme_desktop.ui.activities.common import ErrorLabel
from cme_desktop.ui.activities.models import PROBLEM_COLOR, RowsModel, clock
from cme_desktop.ui.tasks import BackgroundTask


def _when(row: ImportRow) -> str:
    s = row.session
    return f"{clock(s.local_start())} – {clock(s.local_end())}" if s else ""


def _day(row: ImportRow) -> str:
    s = row.session
    return f"{s.local_start():%a %b} {s.day.day}, {s.day.year}" if s else ""


class ImportRowsModel(RowsModel[ImportRow]):
    def __init__(self) -> None:
        super().__init__(
            [
                ("Row", lambda r: str(r.row), lambda r: r.row),
                ("Date", _day, lambda r: r.row),
                ("Time", _when, lambda r: r.row),
                ("Topic", lambda r: (r.session and r.session.topic) or "", lambda r: r.row),
                ("Speakers", lambda r: (r.session and r.session.speakers) or "", lambda r: r.row),
                ("Room", lambda r: (r.session and r.session.room) or "", lambda r: r.row),
                (
                    "Credits",
                    lambda r: format_credits(r.session.credit_quarters) if r.session else "",
                    lambda r: r.row,
                ),
                ("Problems", lambda r: " ".join(r.problems) or "OK", lambda r: r.row),
            ]
        )

    def color(self, row: ImportRow) -> QColor | None:
        return PROBLEM_COLOR if row.problems else None

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return " ".join(self.rows[index.row()].problems) or None
        return super().data(index, role)


class SessionImportDialog(QDialog):
    """Shows what each row of the file would become; Import is enabled only when every row is right."""

    imported = Signal(object)  # list[SessionSummary]
    previewed = Signal()

    def __init__(self, ctx: Context, activity_id: int, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.activity_id, self.path = ctx, activity_id, path
        self.preview: ImportPreview | None = None
        self.setWindowTitle(f"Import sessions from {path.name}")
        self.resize(1000, 560)
        self.summary = QLabel("Reading the file…")
        self.summary.setObjectName("sectionHeading")
        self.summary.setWordWrap(True)
        self.columns_note = QLabel(
            f"Columns: {', '.join(COLUMNS[:6])} (credits optional; from the duration when left out). "
            "The first row names the columns."
        )
        self.columns_note.setObjectName("hint")
        self.columns_note.setWordWrap(True)
        self.problems = ErrorLabel()
        self.model = ImportRowsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Import preview")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import all", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.columns_note)
        layout.addWidget(self.problems)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        ctx_, activity, source = ctx, activity_id, path
        BackgroundTask(self, lambda _p: parse_preview(ctx_, activity, source), "Checking the file…").success(
            self._show
        ).failure(self._failed).run()

    def _show(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.model.set_rows(preview.rows)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount() - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()
        count = len(preview.sessions)
        bad = len({p.row for p in preview.problems if p.row is not None})
        if preview.ok:
            self.summary.setText(
                f"{count} session{'s' if count != 1 else ''} ready to import from {preview.source}."
            )
            self.problems.say("")
        else:
            rows = f"{bad} row{'s' if bad != 1 else ''} need{'s' if bad == 1 else ''} fixing" if bad else ""
            self.summary.setText(
                f"Nothing can be imported yet: {rows or 'the file has a problem'}. Fix the file and open it again."
            )
            file_wide = [p.message for p in preview.problems if p.row is None or not preview.rows]
            self.problems.say(" ".join(file_wide))
        self.import_button.setEnabled(preview.ok and count > 0)
        self.import_button.setText(f"Import all {count} sessions" if preview.ok else "Import all")
        self.previewed.emit()

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, ValueError):
            self.summary.setText("The file could not be read.")
            self.problems.say(str(error))
            self.previewed.emit()
            return True
        return False

    def run_import(self) -> None:
        if self.preview is None or not self.preview.ok:
            return
        self.import_button.setEnabled(False)
        ctx, activity, source = self.ctx, self.activity_id, self.path
        BackgroundTask(
            self, lambda _p: commit_import(ctx, activity, source), "Importing the sessions…"
        ).success(self._imported).failure(self._import_failed).run()

    def _imported(self, sessions: list[SessionSummary]) -> None:
        self.imported.emit(sessions)
        self.accept()

    def _import_failed(self, error: BaseException) -> bool:
        if isinstance(error, SessionImportError):
            self._show(error.preview)
            return True
        if isinstance(error, ValueError):
            self.problems.say(str(error))
            return True
        return False
