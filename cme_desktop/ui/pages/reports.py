"""Reports: attendance, MOC and state board completions over a period, PARS activity data for a year; preview,
read the notes (what was left out, what PARS still needs), save the file the receiving system takes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.pars import BOARDS
from cme_desktop.services.activities.model import ActivityFilter
from cme_desktop.services.activities.queries import list_activities
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_today
from cme_desktop.services.reporting.attendance import attendance_report
from cme_desktop.services.reporting.learners import learner_report, state_board_report
from cme_desktop.services.reporting.pars import pars_report
from cme_desktop.services.reporting.report import Report, ReportKind, write_report
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.flow import FlowLayout
from cme_desktop.ui.formatting import DATE_EDIT_FORMAT, file_cell_text
from cme_desktop.ui.qtdates import pydate, qdate
from cme_desktop.ui.table import RowTable, list_view
from cme_desktop.ui.tasks import BackgroundTask, Reloader

ABOUT = {
    ReportKind.ATTENDANCE: "Every claim for sessions held in the period, one row per learner and session "
    "(saved as a CSV file for the office).",
    ReportKind.PARS: "Every activity running in the year, one record each as ACCME counts, for PARS's XML "
    "batch upload (Activities > Batch upload in PARS).",
    ReportKind.LEARNERS: "MOC completions for the boards each activity is registered with, for learners who "
    "allow it, in PARS's learner upload layout (tab-delimited text).",
    ReportKind.STATE: "Physicians' AMA credit with their state license or NPI, for the state licensing boards "
    "PARS passes it to, in PARS's learner upload layout (tab-delimited text).",
}
FILE_TYPES = {
    ReportKind.ATTENDANCE: "CSV files (*.csv)",
    ReportKind.PARS: "PARS XML (*.xml)",
    ReportKind.LEARNERS: "PARS learner upload (*.txt)",
    ReportKind.STATE: "PARS learner upload (*.txt)",
}
WIDEST_COLUMN = 320  # pixels; longer cells (descriptions, support sources) show in full in their tooltip
FIRST_PARS_YEAR = 2000


def _labelled_row(host: QWidget, *fields: tuple[str, QWidget]) -> None:
    """Lay out `fields` in one row on `host`, each after its label (a label with a mnemonic focuses its field)."""
    row = QHBoxLayout(host)
    row.setContentsMargins(0, 0, 0, 0)
    for index, (text, widget) in enumerate(fields):
        if index:
            row.addSpacing(8)
        if text:
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
        row.addWidget(widget)


@dataclass(frozen=True)
class Setup:
    """What the page needs from the database before its first report: the office's today and the activities."""

    today: date
    activities: tuple[tuple[int, str], ...]


def load_setup(ctx: Context) -> Setup:
    today = office_today(ctx)
    found = list_activities(ctx, ActivityFilter(include_archived=True))
    return Setup(today, tuple(sorted(((a.id, a.title) for a in found), key=lambda a: (a[1].lower(), a[0]))))


def default_pars_year(today: date) -> int:
    """Early in the year the office is still reporting the year before (PARS closes its year in March)."""
    return today.year - 1 if today.month < 3 else today.year


def suggested_name(report: Report) -> str:
    """The report's title as a file name, without the characters Windows refuses."""
    return re.sub(r'[<>:"/\\|?*]', "-", report.title) + report.suffix


def count_text(count: int, kind: ReportKind = ReportKind.ATTENDANCE) -> str:
    noun = {ReportKind.PARS: ("activity", "activities"), ReportKind.ATTENDANCE: ("row", "rows")}.get(
        kind, ("completion", "completions")
    )
    return f"No {noun[1]}" if count == 0 else f"{count} {noun[0] if count == 1 else noun[1]}"


class ReportModel(RowTable[tuple[str, ...]]):
    """A report's cells as the service wrote them; its columns change with the report."""

    def show_report(self, report: Report) -> None:
        self.beginResetModel()
        self.headers = report.columns
        self.rows = list(report.rows)
        self.endResetModel()

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        cell = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return file_cell_text(cell)  # dates and times as the rest of the app shows them
        if role == Qt.ItemDataRole.ToolTipRole:
            if file_cell_text(cell) != cell:
                return f"In the file: {cell}"
            return cell if len(cell) > 40 else None
        return None


class ReportsPage(QWidget):
    title = "Reports"
    loaded = Signal()  # a report is on screen
    saved = Signal(object)  # the Path written

    def __init__(self, ctx: Context, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.events = ctx, events
        self.report: Report | None = None
        self._shown_once = False
        self.activity_loader: Reloader[tuple[tuple[int, str], ...]] = Reloader(self, self._fill_activities)
        self._asked = 0  # the latest report asked for; an older one arriving late is not shown
        heading = QLabel("Reports")
        heading.setObjectName("pageHeading")

        self.kind = QComboBox()
        self.kind.setAccessibleName("Report")
        for kind in ReportKind:
            self.kind.addItem(kind.label, kind)
        self.about = QLabel("")
        self.about.setWordWrap(True)
        choice = QHBoxLayout()
        report_label = QLabel("&Report")
        report_label.setBuddy(self.kind)
        choice.addWidget(report_label)
        choice.addWidget(self.kind)
        choice.addWidget(self.about, 1)

        # Attendance: a period, an optional activity, and whether revoked claims are listed.
        today = self.ctx.clock().date()  # until the office's own today arrives with the setup
        self.start = QDateEdit(qdate(today.replace(day=1)))
        self.end = QDateEdit(qdate(today))
        for edit, name in ((self.start, "From"), (self.end, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_EDIT_FORMAT)
            edit.setAccessibleName(name)
        self.activity = QComboBox()
        self.activity.setAccessibleName("Activity")
        self.activity.setMinimumContentsLength(24)
        self.activity.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.activity.addItem("All activities", None)
        self.include_revoked = QCheckBox("Include revoked claims")
        # The period serves attendance and the board completions; the activity and revoked claims are attendance's own.
        self.period_controls = QWidget()
        _labelled_row(self.period_controls, ("&From", self.start), ("&To", self.end))
        self.attendance_controls = QWidget()
        _labelled_row(self.attendance_controls, ("&Activity", self.activity), ("", self.include_revoked))

        # MOC: optionally one board.
        self.board = QComboBox()
        self.board.setAccessibleName("Board")
        self.board.addItem("All boards", None)
        for code, board in BOARDS.items():
            self.board.addItem(code, code)
            self.board.setItemData(self.board.count() - 1, board.name, Qt.ItemDataRole.ToolTipRole)
        self.moc_controls = QWidget()
        _labelled_row(self.moc_controls, ("&Board", self.board))

        # State boards: optionally one state.
        self.state = QLineEdit()
        self.state.setAccessibleName("State")
        self.state.setPlaceholderText("all states")
        self.state.setMaxLength(2)
        self.state.setFixedWidth(90)
        self.state_controls = QWidget()
        _labelled_row(self.state_controls, ("Stat&e", self.state))

        # PARS: a year.
        self.year = QSpinBox()
        self.year.setAccessibleName("Year")
        self.year.setRange(FIRST_PARS_YEAR, today.year + 1)
        self.year.setValue(default_pars_year(today))
        self.pars_controls = QWidget()
        _labelled_row(self.pars_controls, ("&Year", self.year))

        self.show_button = QPushButton("&Show")
        self.show_button.setToolTip("Show the report for these choices (Enter)")
        self.show_button.clicked.connect(self.show_report)
        self.controls = QWidget()
        parameters = FlowLayout(self.controls, spacing=12)  # wraps on a narrow laptop screen
        parameters.addWidget(self.period_controls)
        parameters.addWidget(self.attendance_controls)
        parameters.addWidget(self.moc_controls)
        parameters.addWidget(self.state_controls)
        parameters.addWidget(self.pars_controls)
        parameters.addWidget(self.show_button)

        self.summary = QLabel("")
        self.summary.setObjectName("sectionHeading")
        self.model = ReportModel()
        self.table = list_view(self.model, "Report preview", fit_columns=False)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.hide()
        self.save_button = QPushButton("Sa&ve…")
        self.save_button.setToolTip("Save the report shown as a file")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.ask_save)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.status, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(choice)
        layout.addWidget(self.controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addLayout(bottom)

        self.kind.currentIndexChanged.connect(self._kind_chosen)
        # Picking from a list runs the report at once; typed dates and years wait for Show, so no half-typed
        # date runs a query (or complains that the period ends before it starts).
        self.activity.currentIndexChanged.connect(lambda _i: self.show_report())
        self.include_revoked.toggled.connect(lambda _on: self.show_report())
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _d: self._changed())
        self.year.valueChanged.connect(lambda _y: self._changed())
        self.board.currentIndexChanged.connect(lambda _i: self.show_report())
        self.state.textEdited.connect(lambda _t: self._changed())
        events.sessions_changed.connect(self._reload_activities)
        self._show_controls()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            ctx = self.ctx
            BackgroundTask(self, lambda _p: load_setup(ctx)).success(self._set_up).run()

    # Choosing the report.
    def chosen(self) -> ReportKind:
        return ReportKind(self.kind.currentData())

    def choose(self, kind: ReportKind) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def period(self) -> tuple[date, date]:
        return pydate(self.start.date()), pydate(self.end.date())

    def set_period(self, start: date, end: date) -> None:
        self.start.setDate(qdate(start))
        self.end.setDate(qdate(end))

    def _set_up(self, setup: Setup) -> None:
        for widget in (self.start, self.end, self.year):
            widget.blockSignals(True)
        self.set_period(setup.today.replace(day=1), setup.today)
        self.year.setMaximum(setup.today.year + 1)
        self.year.setValue(default_pars_year(setup.today))
        for widget in (self.start, self.end, self.year):
            widget.blockSignals(False)
        self._fill_activities(setup.activities)
        self.show_report()

    def _reload_activities(self) -> None:
        ctx = self.ctx
        self.activity_loader.request(lambda: load_setup(ctx).activities)

    def _fill_activities(self, activities: tuple[tuple[int, str], ...]) -> None:
        chosen = self.activity.currentData()
        self.activity.blockSignals(True)
        self.activity.clear()
        self.activity.addItem("All activities", None)
        for activity_id, title in activities:
            self.activity.addItem(title, activity_id)
        index = self.activity.findData(chosen)
        self.activity.setCurrentIndex(max(index, 0))
        self.activity.blockSignals(False)

    def _kind_chosen(self) -> None:
        self._show_controls()
        self.show_report()

    def _show_controls(self) -> None:
        kind = self.chosen()
        self.period_controls.setVisible(kind != ReportKind.PARS)
        self.attendance_controls.setVisible(kind == ReportKind.ATTENDANCE)
        self.moc_controls.setVisible(kind == ReportKind.LEARNERS)
        self.state_controls.setVisible(kind == ReportKind.STATE)
        self.pars_controls.setVisible(kind == ReportKind.PARS)
        self.about.setText(ABOUT[kind])

    def _changed(self) -> None:
        if self.report is not None and self.report.kind == self.chosen():
            self.status.setText("Press Show to see the report for your new choices.")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in a date or the year (which pass it on) shows the report, as a dialog's default button would.
        focus = self.focusWidget()
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and focus
            and self.controls.isAncestorOf(focus)
        ):
            self.show_report()
            return
        super().keyPressEvent(event)

    # Showing it.
    def show_report(self) -> None:
        ctx, kind = self.ctx, self.chosen()
        self._asked += 1
        asked = self._asked
        if kind == ReportKind.PARS:
            year = self.year.value()

            def work(_p: object) -> Report:
                return pars_report(ctx, year)
        elif kind == ReportKind.LEARNERS:
            (start, end), board = self.period(), self.board.currentData()

            def work(_p: object) -> Report:
                return learner_report(ctx, start, end, board)
        elif kind == ReportKind.STATE:
            (start, end), state = self.period(), self.state.text().strip() or None

            def work(_p: object) -> Report:
                return state_board_report(ctx, start, end, state)
        else:
            (start, end), activity_id = self.period(), self.activity.currentData()
            include_revoked = self.include_revoked.isChecked()

            def work(_p: object) -> Report:
                return attendance_report(ctx, start, end, activity_id, include_revoked)

        BackgroundTask(self, work, "Preparing the report…").success(
            lambda report: self._show(report) if asked == self._asked else None
        ).run()

    def _show(self, report: Report) -> None:
        self.report = report
        self.model.show_report(report)
        self._fit_columns()
        self.summary.setText(f"{report.title}  ·  {count_text(len(report.rows), report.kind)}")
        self.notes.setText("\n".join(report.notes))
        self.notes.setVisible(bool(report.notes))
        self.status.setText("")
        self.save_button.setEnabled(True)
        self.loaded.emit()

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            if header.sectionSize(column) > WIDEST_COLUMN:
                header.resizeSection(column, WIDEST_COLUMN)

    # Saving it.
    def ask_save(self) -> None:
        report = self.report
        if report is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder or Path.home()) / suggested_name(report))
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save the report", suggested, FILE_TYPES[report.kind]
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != report.suffix:
            path = path.with_name(path.name + report.suffix)
        self.save(report, path)

    def save(self, report: Report, path: Path) -> None:
        def work(_p: object) -> Path:
            return write_report(report, path)  # a disk that refuses says so in one sentence (InputError)

        self.status.setText("Saving…")
        BackgroundTask(self, work, "Saving the report…").success(self._saved).failure(self._not_saved).run()

    def _saved(self, path: Path) -> None:
        self.status.setText(f"Saved to {path}")
        self.saved.emit(path)

    def _not_saved(self, _error: BaseException) -> bool | None:
        self.status.setText("Nothing was saved.")
        return None
