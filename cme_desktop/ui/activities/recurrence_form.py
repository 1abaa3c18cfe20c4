"""The "when the series meets" half of the schedule builder: weekly or every N weeks on chosen weekdays, or the
Nth/last weekday of each month; start time, duration, first and last date, and dates to skip."""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.credits import format_credits, quarters_for_duration
from cme_desktop.domain.localtime import say_day, say_time
from cme_desktop.domain.recurrence import LAST, WEEKDAY_NAMES, Recurrence
from cme_desktop.ui.formatting import DATE_EDIT_FORMAT, TIME_EDIT_FORMAT
from cme_desktop.ui.qtdates import bound_to_sessions, pydate, pytime, qdate, qtime

ORDINALS = (("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5), ("last", LAST))


def _date_edit(name: str) -> QDateEdit:
    edit = bound_to_sessions(QDateEdit())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_EDIT_FORMAT)
    edit.setAccessibleName(name)
    return edit


class RecurrenceForm(QGroupBox):
    """`changed` fires on every edit; `rule()` gives the Recurrence or raises RecurrenceError with a sentence."""

    changed = Signal()

    def __init__(self, first_day: date, last_day: date, parent: QWidget | None = None) -> None:
        super().__init__("When the series meets", parent)
        self._weekdays_touched = False
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
        self.start_time.setDisplayFormat(TIME_EDIT_FORMAT)
        self.start_time.setTime(qtime(time(12)))
        self.start_time.setAccessibleName("Start time")
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 1435)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(60)
        self.minutes.setSuffix(" minutes")
        self.minutes.setAccessibleName("Duration")
        self.ends_note = QLabel()
        self.first, self.last = _date_edit("First date"), _date_edit("Last date")
        self.skip_day = _date_edit("Date to skip")
        self.skip_button = QPushButton("Skip this date")
        self.unskip_button = QPushButton("Don't skip")
        self.skips = QListWidget()
        self.skips.setAccessibleName("Dates to skip")
        self.skips.setMaximumHeight(70)
        self._lay_out()

        self.first.setDate(qdate(first_day))
        self.last.setDate(qdate(last_day))
        self.skip_day.setDate(qdate(first_day))
        self.day_checks[first_day.weekday()].setChecked(True)
        self.month_weekday.setCurrentIndex(first_day.weekday())
        self._connect()
        self._pattern_changed()
        self._update_ends()

    def _lay_out(self) -> None:
        days = QHBoxLayout()
        days.addWidget(QLabel("Every"))
        days.addWidget(self.every)
        self.weeks_label = QLabel("week on")
        self.every.valueChanged.connect(
            lambda n: self.weeks_label.setText("week on" if n == 1 else "weeks on")
        )
        days.addWidget(self.weeks_label)
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
        form = QFormLayout(self)
        form.addRow("Repeats", pattern)
        form.addRow("", self.weekly_row)
        form.addRow("", self.monthly_row)
        form.addRow("Starts at", duration)
        form.addRow("Dates", dates)
        form.addRow("Skip", skips)

    def _connect(self) -> None:
        for signal in (
            self.weekly.toggled,
            self.every.valueChanged,
            self.ordinal.currentIndexChanged,
            self.month_weekday.currentIndexChanged,
            self.start_time.timeChanged,
            self.minutes.valueChanged,
            self.last.dateChanged,
        ):
            signal.connect(lambda *_: self.changed.emit())
        for check in self.day_checks:
            check.toggled.connect(lambda *_: self.changed.emit())
        self.weekly.toggled.connect(self._pattern_changed)
        self.start_time.timeChanged.connect(self._update_ends)
        self.minutes.valueChanged.connect(self._update_ends)
        self.first.dateChanged.connect(self._first_changed)
        self.skip_button.clicked.connect(lambda: self.add_skip(pydate(self.skip_day.date())))
        self.unskip_button.clicked.connect(self._remove_skip)

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
        self.changed.emit()

    def _update_ends(self) -> None:
        start = pytime(self.start_time.time())
        minutes = self.minutes.value()
        total = start.hour * 60 + start.minute + minutes
        end = time((total // 60) % 24, total % 60)
        earned = quarters_for_duration(timedelta(minutes=minutes))
        next_day = " the next day" if total >= 24 * 60 else ""
        self.ends_note.setText(
            f"ends {say_time(end)}{next_day} · {format_credits(earned)} credit{'' if earned == 4 else 's'}"
        )

    def add_skip(self, day: date) -> None:
        if day not in self.skip_dates():
            self.skips.addItem(say_day(day))
            self.skips.item(self.skips.count() - 1).setData(Qt.ItemDataRole.UserRole, day)
            self.skips.sortItems()
            self.changed.emit()

    def _remove_skip(self) -> None:
        for item in self.skips.selectedItems():
            self.skips.takeItem(self.skips.row(item))
        self.changed.emit()

    def skip_dates(self) -> list[date]:
        return [self.skips.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.skips.count())]

    def duration_minutes(self) -> int:
        return self.minutes.value()

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
