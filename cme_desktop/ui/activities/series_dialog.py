"""Add sessions from a schedule: a recurrence with a live preview of the sessions it gives; Create stays off until
the preview of what the form says now has no problems (DOMAIN.md, "RSS")."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.credits import format_credits, quarters_for_duration
from cme_desktop.domain.localtime import say_day
from cme_desktop.services.activities.calendar import SessionSummary
from cme_desktop.services.activities.series import (
    SeriesPreview,
    SessionDetails,
    create_sessions_from_recurrence,
    preview_recurrence,
)
from cme_desktop.services.context import Context
from cme_desktop.ui.activities.common import ErrorLabel
from cme_desktop.ui.activities.models import ProposedSessionsModel
from cme_desktop.ui.activities.recurrence_form import RecurrenceForm
from cme_desktop.ui.formatting import plural
from cme_desktop.ui.tasks import BackgroundTask

DEBOUNCE_MS = 200
MAX_PROBLEMS_SHOWN = 3


class SeriesDialog(QDialog):
    """Build a recurrence for one activity, watch the sessions it gives, then create them all at once."""

    created = Signal(object)  # list[SessionSummary]
    previewed = Signal()

    def __init__(
        self,
        ctx: Context,
        activity_id: int,
        activity_title: str,
        first_day: date,
        last_day: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.activity_id = ctx, activity_id
        self.preview: SeriesPreview | None = None
        self._generation = 0
        self.setWindowTitle(f"Add sessions from a schedule: {activity_title}")
        self.resize(1060, 680)
        self.form = RecurrenceForm(first_day, last_day or first_day + timedelta(weeks=51))
        self.topic, self.speakers, self.room = QLineEdit(), QLineEdit(), QLineEdit()
        self.topic.setPlaceholderText("Each session's topic can be set later")
        self.from_duration = QCheckBox("Credits from the duration")
        self.from_duration.setChecked(True)
        self.credits = QDoubleSpinBox()
        self.credits.setRange(0, 24)
        self.credits.setDecimals(2)
        self.credits.setSingleStep(0.25)
        self.credits.setAccessibleName("Credits per session")
        self.credits.setEnabled(False)

        self.summary = QLabel("Working out the sessions…")
        self.summary.setObjectName("sectionHeading")
        self.summary.setWordWrap(True)
        self.problems = ErrorLabel()
        self.notes = QLabel()
        self.notes.setObjectName("warningNote")
        self.notes.setWordWrap(True)
        self.notes.hide()
        self.model = ProposedSessionsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Sessions to create")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setToolTip("Double-click a date to skip it")
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._skip_row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton("Create sessions", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setEnabled(False)
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.create_sessions)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh_preview)
        for signal in (
            self.form.changed,
            self.topic.textChanged,
            self.speakers.textChanged,
            self.room.textChanged,
            self.from_duration.toggled,
            self.credits.valueChanged,
        ):
            signal.connect(lambda *_: self._changed())
        self.from_duration.toggled.connect(lambda on: self.credits.setEnabled(not on))
        self.refresh_preview()

    def _lay_out(self) -> None:
        credits = QHBoxLayout()
        credits.addWidget(self.from_duration)
        credits.addWidget(self.credits)
        credits.addStretch(1)
        details = QFormLayout()
        details.addRow("Topic", self.topic)
        details.addRow("Speakers", self.speakers)
        details.addRow("Room", self.room)
        details.addRow("Credits", credits)
        details_box = QGroupBox("Every session starts with (each can be edited later)")
        details_box.setLayout(details)
        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addWidget(details_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.problems)
        right.addWidget(self.notes)
        right.addWidget(self.table, 1)
        hint = QLabel("Double-click a date to skip it.")
        hint.setObjectName("hint")
        right.addWidget(hint)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)

    def _changed(self) -> None:
        # Create waits for the preview of what the form says now; a preview still on its way is dropped.
        self._generation += 1
        self.create_button.setEnabled(False)
        self.timer.start()

    def _skip_row(self, index: QModelIndex) -> None:
        self.form.add_skip(self.model.row(index.row()).day)

    def details(self) -> SessionDetails:
        credits = None if self.from_duration.isChecked() else Decimal(str(round(self.credits.value(), 2)))
        return SessionDetails(self.topic.text(), self.speakers.text(), self.room.text(), credits)

    def refresh_preview(self) -> None:
        self._generation += 1
        generation = self._generation
        self.create_button.setEnabled(False)
        if self.from_duration.isChecked():
            self.credits.setValue(quarters_for_duration(timedelta(minutes=self.form.duration_minutes())) / 4)
        try:
            rule, details = self.form.rule(), self.details()
        except ValueError as error:
            self._show_problem(str(error))
            return
        ctx, activity_id = self.ctx, self.activity_id
        BackgroundTask(self, lambda _p: preview_recurrence(ctx, activity_id, rule, details)).success(
            lambda preview: self._show(generation, preview)
        ).failure(lambda error: self._failed(generation, error)).run()

    def _show(self, generation: int, preview: SeriesPreview) -> None:
        if generation != self._generation:
            return
        self.preview = preview
        self.model.set_rows(preview.sessions)
        count = len(preview.sessions)
        total = format_credits(preview.total_quarters)
        credits = "credit" if preview.total_quarters == 4 else "credits"
        self.summary.setText(f"{plural(count, 'session')}, {total} {credits}: {preview.rule}")
        shown = list(preview.problems[:MAX_PROBLEMS_SHOWN])
        if len(preview.problems) > MAX_PROBLEMS_SHOWN:
            more = len(preview.problems) - MAX_PROBLEMS_SHOWN
            shown.append(f"…and {more} more {'problem' if more == 1 else 'problems'} like these.")
        self.problems.say(" ".join(shown))
        unused = [say_day(d) for d in preview.unused_skips]
        self.notes.setText(
            f"Not a session date anyway, so nothing is skipped on: {'; '.join(unused)}." if unused else ""
        )
        self.notes.setVisible(bool(unused))
        self.create_button.setEnabled(preview.ok)
        self.create_button.setText(f"Create {count} sessions" if preview.ok else "Create sessions")
        self.previewed.emit()

    def _failed(self, generation: int, error: BaseException) -> bool:
        if generation != self._generation:
            return True
        if isinstance(error, ValueError):
            self._show_problem(str(error))
            return True
        return False

    def _show_problem(self, message: str) -> None:
        self.preview = None
        self.model.set_rows([])
        self.summary.setText("No sessions yet")
        self.problems.say(message)
        self.notes.hide()
        self.create_button.setEnabled(False)
        self.create_button.setText("Create sessions")
        self.previewed.emit()

    def create_sessions(self) -> None:
        if self.preview is None or not self.preview.ok or self.timer.isActive():
            return
        self.create_button.setEnabled(False)
        ctx, activity_id = self.ctx, self.activity_id
        rule, details = self.form.rule(), self.details()
        BackgroundTask(
            self,
            lambda _p: create_sessions_from_recurrence(ctx, activity_id, rule, details),
            f"Creating {len(self.preview.sessions)} sessions…",
        ).success(self._created).failure(self._create_failed).run()

    def _created(self, sessions: list[SessionSummary]) -> None:
        self.created.emit(sessions)
        self.accept()

    def _create_failed(self, error: BaseException) -> bool:
        if isinstance(error, ValueError):
            self._show_problem(str(error))
            return True
        self.create_button.setEnabled(True)
        return False
