"""The kiosk's two forms: sign in by name and birthday, and create a profile (no degree is chosen for anyone)."""

from __future__ import annotations

import calendar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.services.attendance.kiosk import DEGREES, NewLearner
from cme_desktop.ui.kiosk.look import FIELD_PT, HEADING_PT, TEXT_PT, button, sized, text


def _form(rows: list[tuple[str, QWidget]]) -> QFormLayout:
    form = QFormLayout()
    for caption, widget in rows:
        sized(widget, FIELD_PT)
        widget.setAccessibleName(caption)
        label = QLabel(caption)
        sized(label, TEXT_PT)
        form.addRow(label, widget)
    return form


class _KioskForm(QWidget):
    """A kiosk form: its heading, its fields, a sentence for what is missing, and Back beside the action."""

    cancelled = Signal()

    def _lay_out(self, heading: str, rows: list[tuple[str, QWidget]], action: str) -> QPushButton:
        self.note = text("", TEXT_PT)
        self.note.setObjectName("kioskNote")
        act, back = button(action), button("Back")
        act.clicked.connect(self._submit)
        back.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addWidget(act)
        column = QVBoxLayout(self)
        column.addWidget(text(heading, HEADING_PT))
        column.addLayout(_form(rows))
        column.addWidget(self.note)
        column.addStretch(1)
        column.addLayout(buttons)
        return act

    def _submit(self) -> None:
        raise NotImplementedError


class BirthdayForm(_KioskForm):
    """First name, last name and birthday (month and day): for a learner without an email, phone or NetID."""

    submitted = Signal(str, str, int, int)

    def __init__(self) -> None:
        super().__init__()
        self.first, self.last = QLineEdit(), QLineEdit()
        self.month, self.day = QComboBox(), QComboBox()
        self.month.addItem("Month", None)
        for number in range(1, 13):
            self.month.addItem(calendar.month_name[number], number)
        self.day.addItem("Day", None)
        for number in range(1, 32):
            self.day.addItem(str(number), number)
        birthday = QWidget()
        row = QHBoxLayout(birthday)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.month, 2)
        row.addWidget(self.day, 1)
        self.continue_button = self._lay_out(
            "Sign in with your name and birthday",
            [("First name", self.first), ("Last name", self.last), ("Birthday", birthday)],
            "Continue",
        )
        sized(self.month, FIELD_PT)
        sized(self.day, FIELD_PT)

    def clear(self) -> None:
        for field in (self.first, self.last):
            field.clear()
        self.month.setCurrentIndex(0)
        self.day.setCurrentIndex(0)
        self.note.setText("")

    def _submit(self) -> None:
        month, day = self.month.currentData(), self.day.currentData()
        if not self.first.text().strip() or not self.last.text().strip():
            self.note.setText("Enter your first and last name.")
            return
        if month is None or day is None:
            self.note.setText("Choose the month and day of your birthday.")
            return
        self.submitted.emit(self.first.text(), self.last.text(), int(month), int(day))


class SignUpForm(_KioskForm):
    """Name, degree and email (and, for the duplicate check, the last 4 SSN digits, never stored as typed).

    The degree starts unchosen: a nurse who hurries past it must not be awarded a physician's credit."""

    submitted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.first, self.last, self.email, self.ssn = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.ssn.setEchoMode(QLineEdit.EchoMode.Password)
        self.ssn.setMaxLength(4)
        self.ssn.setPlaceholderText("optional")
        self.degree = QComboBox()
        self.degree.addItem("Choose your degree", "")
        for degree in DEGREES:
            self.degree.addItem(degree, degree)
        self.create_button = self._lay_out(
            "Create your profile",
            [
                ("First name", self.first),
                ("Last name", self.last),
                ("Degree", self.degree),
                ("Email", self.email),
                ("Last 4 digits of your SSN", self.ssn),
            ],
            "Create my profile and sign in",
        )

    def clear(self) -> None:
        for field in (self.first, self.last, self.email, self.ssn):
            field.clear()
        self.degree.setCurrentIndex(0)
        self.note.setText("")

    def _submit(self) -> None:
        digits = self.ssn.text().strip()
        if digits and (len(digits) != 4 or not digits.isdigit()):
            self.note.setText("The last 4 SSN digits are four digits (or leave them out).")
            return
        if not self.degree.currentData():
            self.note.setText("Choose your degree (or Other): it decides which credit you are awarded.")
            return
        self.submitted.emit(
            NewLearner(
                self.first.text(),
                self.last.text(),
                str(self.degree.currentData()),
                self.email.text(),
                digits or None,
            )
        )
