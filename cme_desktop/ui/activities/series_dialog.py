"""Add sessions from a schedule: a recurrence (weekly, every N weeks, or the Nth/last weekday of each month) with a
live preview; Create stays off until the preview has no problems (DOMAIN.md, "RSS")."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.credits import format_credits, quarters_for_duration
from cme_desktop.domain.localtime import say_day
from cme_desktop.domain.recurrence import LAST, WEEKDAY_NAMES, Recurrence
from cme_desktop.services.context import Context
from cme_desktop.services.series import (
    SeriesPreview,
    SessionDetails,
    create_sessions_from_recurrence,
    preview_recurrence,
)
from cme_desktop.ui.activities.common import ErrorLabel
from cme_desktop.ui.activities.models import ProposedSessionsModel
from cme_desktop.ui.activities.session_dialog import pydate, pytime, qdate, qtime
from cme_desktop.ui.tasks import BackgroundTask

ORDINALS = (("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5), ("last", LAST))
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
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.activity_id = ctx, activity_id
        self.preview: SeriesPreview | None = None
        self._generation = 0
        self._weekdays_touched = False
        self.setWindowTitle(f"Add sessions from a schedule: {activity_title}")
        self.resize(1060, 680)

        self.weekly = QRadioButton("Weekly")
        self.monthly = QRadioButton("Monthly")
        self.weekly.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.weekly)
        group.addButton(self.monthly)
        self.every = QSpinBox()
        self.every.setRange(1, 52)
        self.every.setAccessibleName("Every how many weeks")
        self.day_checks = [QCheckBox(name[:3]) for name in WEEKDAY_NAMES]
        for check, name in zip(self.day_checks, WEEKDAY_NAMES, strict=True):
            check.setAccessibleName(name)
            check.clicked.connect(self._weekday_clicked)
        self.ordinal = QComboBox()
        for word, value in ORDINALS:
            self.ordinal.addItem(word, value)
        self.ordinal.setAccessibleName("Which week of the month")
        self.month_weekday = QComboBox()
        self.month_weekday.addItems(list(WEEKDAY_NAMES))
        self.month_weekday.setAccessibleName("Weekday of the month")
        self.start_time = QTimeEdit()
        self.start_time.setDisplayFormat("h:mm AP")
        self.start_time.setTime(qtime(time(12)))
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 1435)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(60)
        self.minutes.setSuffix(" minutes")
        self.minutes.setAccessibleName("Duration")
        self.ends_note = QLabel()
        self.first = QDateEdit()
        self.last = QDateEdit()
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd MMM d, yyyy")
        self.first.setAccessibleName("First date")
        self.last.setAccessibleName("Last date")
        self.skip_day = QDateEdit()
        self.skip_day.setCalendarPopup(True)
        self.skip_day.setDisplayFormat("ddd MMM d, yyyy")
        self.skip_day.setAccessibleName("Date to skip")
        self.skip_button = QPushButton("Skip this date")
        self.skips = QListWidget()
        self.skips.setAccessibleName("Dates to skip")
        self.skips.setMaximumHeight(70)
        self.unskip_button = QPushButton("Don't skip")
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
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

        self.first.setDate(qdate(first_day))
        self.last.setDate(qdate(first_day + timedelta(weeks=51)))
        self.skip_day.setDate(qdate(first_day))
        self.day_checks[first_day.weekday()].setChecked(True)
        self.month_weekday.setCurrentIndex(first_day.weekday())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh_preview)
        self._connect_changes()
        self._pattern_changed()
        self.refresh_preview()

    def _lay_out(self) -> None:
        days = QHBoxLayout()
        days.addWidget(QLabel("Every"))
        days.addWidget(self.every)
        days.addWidget(QLabel("week(s) on"))
        for check in self.day_checks:
            days.addWidget(check)
        days.addStretch(1)
        month = QHBoxLayout()
        month.addWidget(QLabel("The"))
        month.addWidget(self.ordinal)
        month.addWidget(self.month_weekday)
        month.addWidget(QLabel("of each month"))
        month.addStretch(1)
        self.weekly_row, self.monthly_row = QWidget(), QWidget()
        self.weekly_row.setLayout(days)
        self.monthly_row.setLayout(month)
        for row in (days, month):
            row.setContentsMargins(0, 0, 0, 0)
        pattern = QHBoxLayout()
        pattern.addWidget(self.weekly)
        pattern.addWidget(self.monthly)
        pattern.addStretch(1)
        duration = QHBoxLayout()
        duration.addWidget(self.start_time)
        duration.addWidget(QLabel("for"))
        duration.addWidget(self.minutes)
        duration.addWidget(self.ends_note, 1)
        dates = QHBoxLayout()
        dates.addWidget(self.first)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.last)
        dates.addStretch(1)
        skip_row = QHBoxLayout()
        skip_row.addWidget(self.skip_day)
        skip_row.addWidget(self.skip_button)
        skip_row.addWidget(self.unskip_button)
        skip_row.addStretch(1)
        skips = QVBoxLayout()
        skips.addLayout(skip_row)
        skips.addWidget(self.skips)
        rule = QFormLayout()
        rule.addRow("Repeats", pattern)
        rule.addRow("", self.weekly_row)
        rule.addRow("", self.monthly_row)
        rule.addRow("Starts at", duration)
        rule.addRow("Dates", dates)
        rule.addRow("Skip", skips)
        rule_box = QGroupBox("When the series meets")
        rule_box.setLayout(rule)
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
        left.addWidget(rule_box)
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

    def _connect_changes(self) -> None:
        later = self._changed
        self.weekly.toggled.connect(self._pattern_changed)
        for signal in (
            self.weekly.toggled,
            self.every.valueChanged,
            self.ordinal.currentIndexChanged,
            self.month_weekday.currentIndexChanged,
            self.start_time.timeChanged,
            self.minutes.valueChanged,
            self.last.dateChanged,
            self.topic.textChanged,
            self.speakers.textChanged,
            self.room.textChanged,
            self.from_duration.toggled,
            self.credits.valueChanged,
        ):
            signal.connect(lambda *_: later())
        for check in self.day_checks:
            check.toggled.connect(lambda *_: later())
        self.first.dateChanged.connect(self._first_changed)
        self.from_duration.toggled.connect(lambda on: self.credits.setEnabled(not on))
        self.skip_button.clicked.connect(lambda: self.add_skip(pydate(self.skip_day.date())))
        self.unskip_button.clicked.connect(self._remove_skip)

    def _changed(self) -> None:
        # Create waits for the preview of what the form says now; a preview still on its way is dropped.
        self._generation += 1
        self.create_button.setEnabled(False)
        self.timer.start()

    def _pattern_changed(self) -> None:
        self.weekly_row.setVisible(self.weekly.isChecked())
        self.monthly_row.setVisible(self.monthly.isChecked())

    def _weekday_clicked(self) -> None:
        self._weekdays_touched = True

    def _first_changed(self) -> None:
        # Until the coordinator picks weekdays, the series meets on the first date's weekday.
        weekday = pydate(self.first.date()).weekday()
        if not self._weekdays_touched:
            for index, check in enumerate(self.day_checks):
                check.setChecked(index == weekday)
            self.month_weekday.setCurrentIndex(weekday)
        self._changed()

    def add_skip(self, day: date) -> None:
        if day not in self.skip_dates():
            self.skips.addItem(say_day(day))
            self.skips.item(self.skips.count() - 1).setData(Qt.ItemDataRole.UserRole, day)
            self.skips.sortItems()
            self._changed()

    def _remove_skip(self) -> None:
        for item in self.skips.selectedItems():
            self.skips.takeItem(self.skips.row(item))
        self._changed()

    def _skip_row(self, index: QModelIndex) -> None:
        self.add_skip(self.model.row(index.row()).day)

    def skip_dates(self) -> list[date]:
        return [self.skips.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.skips.count())]

    def rule(self) -> Recurrence:
        """The recurrence the form describes; raises RecurrenceError (a sentence) when it cannot be one."""
        first, last = pydate(self.first.date()), pydate(self.last.date())
        start, minutes = pytime(self.start_time.time()), self.minutes.value()
        if self.monthly.isChecked():
            return Recurrence.monthly(
                first,
                last,
                start,
                minutes,
                self.ordinal.currentData(),
                self.month_weekday.currentIndex(),
                self.skip_dates(),
            )
        days = [i for i, check in enumerate(self.day_checks) if check.isChecked()]
        return Recurrence.weekly(first, last, start, minutes, days, self.every.value(), self.skip_dates())

    def details(self) -> SessionDetails:
        credits = None if self.from_duration.isChecked() else Decimal(str(round(self.credits.value(), 2)))
        return SessionDetails(self.topic.text(), self.speakers.text(), self.room.text(), credits)

    def refresh_preview(self) -> None:
        self._generation += 1
        generation = self._generation
        self.create_button.setEnabled(False)
        minutes = self.minutes.value()
        earned = quarters_for_duration(timedelta(minutes=minutes))
        if self.from_duration.isChecked():
            self.credits.setValue(earned / 4)
        end = (
            pytime(self.start_time.time()).hour * 60 + pytime(self.start_time.time()).minute + minutes
        ) % 1440
        self.ends_note.setText(
            f"ends {_clock(end)} · {format_credits(earned)} credit{'s' if earned != 4 else ''}"
        )
        try:
            rule, details = self.rule(), self.details()
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
        self.summary.setText(f"{count} session{'s' if count != 1 else ''}, {total} credits: {preview.rule}")
        shown = list(preview.problems[:MAX_PROBLEMS_SHOWN])
        if len(preview.problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"…and {len(preview.problems) - MAX_PROBLEMS_SHOWN} more problems like these.")
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

    def create(self) -> None:
        if self.preview is None or not self.preview.ok or self.timer.isActive():
            return
        self.create_button.setEnabled(False)
        ctx, activity_id = self.ctx, self.activity_id
        rule, details = self.rule(), self.details()
        BackgroundTask(
            self,
            lambda _p: create_sessions_from_recurrence(ctx, activity_id, rule, details),
            f"Creating {len(self.preview.sessions)} sessions…",
        ).success(self._created).failure(self._create_failed).run()

    def _created(self, sessions: list[object]) -> None:
        self.created.emit(sessions)
        self.accept()

    def _create_failed(self, error: BaseException) -> bool:
        if isinstance(error, ValueError):
            self._show_problem(str(error))
            return True
        self.create_button.setEnabled(True)
        return False


def _clock(minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    return f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"
