"""Save a person's transcript (every credit in a date range, with totals per credit type) as a PDF."""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.services.context import Context
from cme_desktop.ui.formatting import DATE_EDIT_FORMAT
from cme_desktop.ui.qtdates import pydate
from cme_desktop.ui.tasks import BackgroundTask
from cme_desktop.ui.text import plain_label


class TranscriptDialog(QDialog):
    saved = Signal(str)

    def __init__(
        self, ctx: Context, person_id: int, name: str, zone: ZoneInfo | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.person_id, self.name = ctx, person_id, name
        self.setWindowTitle(f"Transcript of {name}")
        # The office's zone as the profile dialog loaded it (reading it here would query on the GUI thread).
        today = ctx.clock().astimezone(zone or UTC).date()
        self.every_date = QCheckBox("Every credit on record")
        self.first = QDateEdit(QDate(today.year, 1, 1))
        self.last = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_EDIT_FORMAT)
        for edit in (self.first, self.last):
            self.every_date.toggled.connect(edit.setDisabled)
        about = plain_label(
            f"Every credit {name} was awarded between these days, with the totals per kind of credit, "
            "as a PDF to print or send."
        )
        about.setWordWrap(True)
        form = QFormLayout()
        form.addRow("", self.every_date)
        form.addRow("From", self.first)
        form.addRow("To", self.last)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Save PDF…")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def range(self) -> tuple[date | None, date | None]:
        if self.every_date.isChecked():
            return None, None
        return pydate(self.first.date()), pydate(self.last.date())

    def save(self) -> None:
        first, last = self.range()
        suggested = f"Transcript - {self.name}.pdf".replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(self, "Save the transcript", suggested, "PDF files (*.pdf)")
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else f"{path}.pdf")
        ctx, person_id = self.ctx, self.person_id

        def work(_progress: object) -> str:
            from cme_desktop.documents.transcript import write_transcript
            from cme_desktop.services.certificates.transcripts import transcript
            from cme_desktop.services.office.settings import load_settings

            content = transcript(ctx, person_id, first, last)
            write_transcript(target, content, load_settings(ctx).paper_size)
            return str(target)

        self.status.setText("Writing the transcript…")
        BackgroundTask(self, work, "Writing the transcript…").success(self._done).failure(self._failed).run()

    def _done(self, path: str) -> None:
        self.saved.emit(path)
        self.accept()

    def _failed(self, _error: BaseException) -> bool:
        self.status.setText("")
        return False
