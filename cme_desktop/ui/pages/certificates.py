"""Certificates: pick a session, an activity or a range of days; see who is due; preview, print or save the
certificates (one PDF, or a file per learner); verify a code someone shows."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.services.activities.calendar import SessionSummary, sessions_on_days
from cme_desktop.services.certificates.issuing import DueLearner, Selection, due, issue, preview
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import load_settings, office_today
from cme_desktop.ui.certificates.due_model import DueModel
from cme_desktop.ui.certificates.pdf_view import PREVIEW_PAGES, PageStrip, print_pdf, render_pages
from cme_desktop.ui.certificates.verify_dialog import VerifyDialog
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.formatting import DATE_EDIT_FORMAT, plural
from cme_desktop.ui.qtdates import pydate, qdate
from cme_desktop.ui.tasks import BackgroundTask, Progress, Reloader, show_error


@dataclass(frozen=True)
class Generated:
    """What a generation produced, for the status line (and tests)."""

    kind: str  # "pdf", "files", "preview", "print"
    paths: tuple[Path, ...]
    count: int
    skipped: tuple[str, ...]
    images: tuple[QImage, ...] = ()


class CertificatesPage(QWidget):
    title = "Certificates"
    loaded = Signal()
    generated = Signal(object)
    printed = Signal(int)

    def __init__(self, ctx: Context, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._scratch = tempfile.TemporaryDirectory(prefix="cme-certificates-")
        self._shown_once = False
        self.choices: Reloader[list[SessionSummary]] = Reloader(self, self._fill_choices)
        self.due_loader: Reloader[list[DueLearner]] = Reloader(self, self._show_due)
        self.accreditation_loader: Reloader[list[str]] = Reloader(self, self._show_accreditation)
        self.missing: list[str] = []
        heading = QLabel("Certificates")
        # Nothing is printed until the office has declared its accreditation (DOMAIN.md, "Credit").
        self.accreditation_note = QLabel()
        self.accreditation_note.setObjectName("warningNote")
        self.accreditation_note.setWordWrap(True)
        self.accreditation_button = QPushButton("Fill in the office's accreditation…")
        self.accreditation_button.clicked.connect(lambda: events.page_requested.emit("Settings"))
        self.accreditation_bar = QWidget()
        bar = QHBoxLayout(self.accreditation_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.accreditation_note, 1)
        bar.addWidget(self.accreditation_button)
        self.accreditation_bar.hide()
        heading.setObjectName("pageHeading")
        # The office's last week once its today is known (showEvent); the computer's until then.
        self._days_chosen = False
        today = QDate.currentDate()
        self.first = QDateEdit(today.addDays(-7))
        self.last = QDateEdit(today)
        for edit, name in ((self.first, "First day"), (self.last, "Last day")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_EDIT_FORMAT)
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self.refresh)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Whose certificates")
        self.choice.setMinimumContentsLength(40)
        self.choice.currentIndexChanged.connect(self.load_due)
        picker = QHBoxLayout()
        for widget in (QLabel("From"), self.first, QLabel("to"), self.last, QLabel("Show"), self.choice):
            picker.addWidget(widget)
        picker.addStretch(1)

        self.model = DueModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Learners due a certificate")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel("")
        self.summary.setObjectName("emptyNote")
        self.status = QLabel("")
        self.status.setWordWrap(True)

        self.preview = PageStrip(
            empty_text="Preview a sample to see how these certificates will look.\nNothing is issued by a preview."
        )
        self.preview.setMinimumWidth(280)
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.summary)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setSizes([880, 300])  # the learners' table first: its status column must fit on a laptop
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.preview_button = QPushButton("Preview a sample")
        self.preview_button.setToolTip("How the first certificates will look; nothing is issued")
        self.print_button = QPushButton("Print…")
        self.save_button = QPushButton("Save as one PDF…")
        self.files_button = QPushButton("Save a file per learner…")
        self.verify_button = QPushButton("Verify a certificate…")
        self.preview_button.clicked.connect(self.show_preview)
        self.print_button.clicked.connect(self.ask_print)
        self.save_button.clicked.connect(self.ask_save_pdf)
        self.files_button.clicked.connect(self.ask_save_files)
        self.verify_button.clicked.connect(self.open_verify)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.save_button, self.files_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.verify_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.accreditation_bar)
        layout.addLayout(picker)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        for signal in (events.attendance_changed, events.certificates_changed, events.people_changed):
            signal.connect(self.load_due)
        events.sessions_changed.connect(self.refresh)
        events.settings_changed.connect(self.check_accreditation)
        self._set_actions_enabled()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            ctx = self.ctx
            BackgroundTask(self, lambda _p: office_today(ctx)).success(self._office_day_known).run()

    # Choosing whose certificates.
    def _office_day_known(self, today: date) -> None:
        if self._days_chosen:  # days chosen before the page was first shown (Today's "Certificates" link)
            self.refresh()
        else:
            self.default_days(today)

    def set_days(self, first: date, last: date) -> None:
        self._days_chosen = True
        for edit, day in ((self.first, first), (self.last, last)):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)
        self.refresh()

    def days(self) -> tuple[date, date]:
        return pydate(self.first.date()), pydate(self.last.date())

    def refresh(self) -> None:
        ctx = self.ctx
        self.check_accreditation()
        first, last = self.days()
        if last < first:
            self.status.setText("The last day is before the first day.")
            return
        self.choices.request(lambda: sessions_on_days(ctx, first, last))

    def _fill_choices(self, sessions: list[SessionSummary]) -> None:
        previous = self.choice.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItem("Every session in these days", "days")
        seen: set[int] = set()
        for s in sessions:
            if s.activity_id not in seen:
                seen.add(s.activity_id)
                self.choice.addItem(
                    f"Activity: {s.activity_title} (every session)", ("activity", s.activity_id)
                )
        for s in sessions:
            local = s.local_start()
            label = f"{local:%a %b} {local.day} · {s.activity_title}" + (f" · {s.topic}" if s.topic else "")
            self.choice.addItem(label, f"session:{s.id}")
        index = self.choice.findData(previous) if previous else -1
        self.choice.setCurrentIndex(max(index, 0))
        self.choice.blockSignals(False)
        self.load_due()

    def select_session(self, session_id: int) -> None:
        index = self.choice.findData(f"session:{session_id}")
        if index >= 0:
            self.choice.setCurrentIndex(index)

    def selection(self) -> Selection:
        kind, _, ident = (self.choice.currentData() or "days").partition(":")
        if kind == "session":
            return Selection(session_id=int(ident))
        if kind == "activity":
            first, last = self.days()
            return Selection(activity_id=int(ident), first=first, last=last)
        first, last = self.days()
        return Selection(first=first, last=last)

    def load_due(self) -> None:
        ctx, selection = self.ctx, self.selection()
        self.due_loader.request(lambda: due(ctx, selection))

    def _show_due(self, rows: list[DueLearner]) -> None:
        self.model.set_rows(rows)
        blocked = len(rows) - self.model.issuable()
        text = f"{len(rows)} learner{'s' if len(rows) != 1 else ''} due a certificate"
        if blocked:
            text += f" · {blocked} cannot be issued (hover for why)"
        self.summary.setText(text if rows else "Nobody in this selection attended.")
        self._set_actions_enabled()
        self.loaded.emit()

    def check_accreditation(self) -> None:
        ctx = self.ctx
        self.accreditation_loader.request(lambda: load_settings(ctx).accreditation.missing())

    def _show_accreditation(self, missing: list[str]) -> None:
        self.missing = missing
        self.accreditation_note.setText(
            "Certificates state the office's accreditation, so none can be printed until Settings › Office › "
            f"Accreditation has {'; '.join(missing)}."
        )
        self.accreditation_bar.setVisible(bool(missing))
        self._set_actions_enabled()

    def _set_actions_enabled(self) -> None:
        count = self.model.issuable()
        ready = count > 0 and not self.missing
        for button in (self.preview_button, self.print_button, self.save_button, self.files_button):
            button.setEnabled(ready)
        # Issuing gives each learner a verification code: the buttons that do it say so, with how many.
        self.print_button.setText(f"Issue and print {count}…" if count else "Issue and print…")
        self.save_button.setText(f"Issue {count} as one PDF…" if count else "Issue as one PDF…")
        self.files_button.setText(f"Issue {count} as a file each…" if count else "Issue as a file each…")

    # Generating.
    def generate(self, kind: str, target: Path) -> None:
        """Issue the selection's certificates and write them: 'pdf' and 'preview' and 'print' to the file
        `target`, 'files' into the folder `target`. Runs in the background with progress and Cancel."""
        from cme_desktop.documents.certificate import write_certificate_files, write_certificates

        ctx, selection = self.ctx, self.selection()

        def work(progress: Progress) -> Generated:
            if kind == "preview":
                sample = preview(ctx, selection, pages=PREVIEW_PAGES)
                written = write_certificates(target, sample.certificates, sample.artwork)
                images = (
                    tuple(render_pages(written, dpi=90, limit=PREVIEW_PAGES)) if sample.certificates else ()
                )
                return Generated(kind, (written,), sample.total, sample.skipped, images)
            result = issue(ctx, selection)
            total = len(result.certificates)
            progress.update(0, total, f"Writing {total} certificates…")
            if kind == "files":
                paths = tuple(
                    write_certificate_files(target, result.certificates, result.artwork, progress.update)
                )
            else:
                paths = (write_certificates(target, result.certificates, result.artwork, progress.update),)
            return Generated(kind, paths, total, result.skipped)

        self.status.setText("Writing certificates…")
        task = BackgroundTask(self, work, label="Writing certificates…", cancellable=True)
        task.success(self._generated).failure(self._failed)
        task.finished.connect(self._writing_ended)
        task.run()

    def _writing_ended(self) -> None:
        if self.status.text() == "Writing certificates…":  # neither success nor failure: cancelled
            self.status.setText("Cancelled: no half-written PDF was left behind.")

    def _failed(self, error: BaseException) -> bool:
        self.status.setText("Nothing was written.")
        return False

    def _generated(self, done: Generated) -> None:
        if done.kind == "preview":
            shown = min(done.count, PREVIEW_PAGES)
            more = f"The first {shown} of {plural(done.count, 'certificate')}." if done.count > shown else ""
            self.preview.show_images(list(done.images), more)
            self.status.setText(
                f"A sample of how the certificates will look; nothing was issued. {more}".strip()
            )
            self.generated.emit(done)
            return
        elif done.kind == "files":
            folder = done.paths[0].parent if done.paths else ""
            self.status.setText(f"Saved {len(done.paths)} certificate files in {folder}.")
        elif done.kind == "pdf":
            self.status.setText(f"Saved {done.count} certificates in {done.paths[0]}.")
        if done.skipped:
            show_error(self, "Not issued:\n" + "\n".join(done.skipped))
        self.generated.emit(done)
        if done.kind == "print" and done.count:
            self._print_dialog(done.paths[0])

    def show_preview(self) -> None:
        self.generate("preview", Path(self._scratch.name) / "preview.pdf")

    def ask_save_pdf(self) -> None:
        first, _ = self.days()
        suggested = str(Path.home() / f"{first.isoformat()} certificates.pdf")
        name, _filter = QFileDialog.getSaveFileName(self, "Save certificates", suggested, "PDF files (*.pdf)")
        if name:
            self.generate("pdf", Path(name if name.lower().endswith(".pdf") else f"{name}.pdf"))

    def ask_save_files(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for the certificate files", str(Path.home()))
        if folder:
            self.generate("files", Path(folder))

    # Printing.
    def ask_print(self) -> None:
        self.generate("print", Path(self._scratch.name) / "print.pdf")

    def _print_dialog(self, pdf: Path) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer, pdf)

    def print_to(self, printer: QPrinter, pdf: Path) -> None:
        """Send an already written PDF to `printer`, in the background with progress and Cancel."""
        BackgroundTask(
            self,
            lambda progress: print_pdf(pdf, printer, progress.update),
            label="Printing…",
            cancellable=True,
        ).success(self._printed).run()

    def _printed(self, pages: int) -> None:
        self.status.setText(f"Sent {pages} page{'s' if pages != 1 else ''} to the printer.")
        self.printed.emit(pages)

    def open_verify(self) -> None:
        VerifyDialog(self.ctx, self).exec()

    def default_days(self, today: date) -> None:
        self.set_days(today - timedelta(days=7), today)
