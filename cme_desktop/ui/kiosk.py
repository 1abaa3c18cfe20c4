"""The kiosk: a full-screen sign-in on the event laptop (or a second screen) for one session.

A learner types their email or NetID, or the start of their name, picks themself, confirms, and sees a big
confirmation (someone not yet known creates a minimal profile first, after the seed's duplicate check); the claim goes through the same rule book as every channel, with this machine as evidence. Only
the coordinator's exit PIN leaves kiosk mode. Names are shown without emails, since anyone can read the screen.
"""

from __future__ import annotations

import hmac
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.localtime import say_day
from cme_desktop.domain.vocabulary import ClaimChannel
from cme_desktop.services.activities.calendar import SessionSummary
from cme_desktop.services.attendance.claims import (
    ClaimOutcome,
    ClaimRefused,
    ClaimRequest,
    ClaimResult,
    record_claim,
)
from cme_desktop.services.attendance.kiosk import DEGREES, NewLearner, SeeTheCoordinator, sign_up_and_claim
from cme_desktop.services.context import Context
from cme_desktop.services.people.search import PersonSummary
from cme_desktop.ui.attendance_dialogs import PersonPicker, person_label
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.tasks import BackgroundTask
from cme_desktop.ui.text import plain_label

RETURN_AFTER_MS = 6000
MIN_PIN = 4


def _big(label: QLabel, factor: float) -> QLabel:
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed, on a public screen
    return label


class KioskWindow(QWidget):
    """Sign-in → confirm → thank you, then back to sign-in for the next learner."""

    answered = Signal(str)

    def __init__(self, ctx: Context, events: AppEvents, session: SessionSummary, exit_pin: str) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.ctx, self.events, self.session = ctx, events, session
        self._pin = exit_pin
        self._unlocked = False
        self.setWindowTitle("CME Desk sign-in")
        self.setObjectName("kiosk")
        day = say_day(session.starts_at.astimezone(ZoneInfo(session.timezone)).date())
        title = _big(plain_label(session.activity_title), 2.4)
        title.setObjectName("pageHeading")
        subtitle = _big(QLabel(" · ".join(x for x in (day, session.topic) if x)), 1.5)

        # Sign in
        self.picker = PersonPicker(
            ctx, "Your email, NetID, or the start of your name", limit=6, contact=False, min_chars=3
        )
        self.picker.field.setFont(QFont(self.picker.field.font().family(), 26))
        self.picker.matches.setFont(QFont(self.picker.matches.font().family(), 22))
        self.picker.field.returnPressed.connect(self.continue_with_choice)
        self.picker.matches.itemActivated.connect(lambda _item: self.continue_with_choice())
        self.continue_button = QPushButton("Continue")
        self.continue_button.setMinimumHeight(64)
        self.continue_button.setFont(QFont(self.continue_button.font().family(), 20))
        self.continue_button.clicked.connect(self.continue_with_choice)
        self.sign_in_note = _big(QLabel(""), 1.3)
        sign_in = QWidget()
        column = QVBoxLayout(sign_in)
        column.addWidget(_big(QLabel("Sign in to record your attendance"), 1.8))
        column.addWidget(self.picker, 1)
        column.addWidget(self.continue_button)
        column.addWidget(self.sign_in_note)
        self.new_profile_button = QPushButton("Not listed? Create your profile")
        self.new_profile_button.setMinimumHeight(56)
        self.new_profile_button.setFont(QFont(self.new_profile_button.font().family(), 16))
        self.new_profile_button.clicked.connect(self.start_sign_up)
        column.addWidget(self.new_profile_button)

        # Confirm
        self.confirm_name = _big(QLabel(""), 2.6)
        self.yes_button = QPushButton("Yes, record my attendance")
        self.no_button = QPushButton("No, go back")
        for button in (self.yes_button, self.no_button):
            button.setMinimumHeight(72)
            button.setFont(QFont(button.font().family(), 20))
        self.yes_button.clicked.connect(self.confirm)
        self.no_button.clicked.connect(self.restart)
        confirm = QWidget()
        column = QVBoxLayout(confirm)
        column.addStretch(1)
        column.addWidget(_big(QLabel("Is this you?"), 1.8))
        column.addWidget(self.confirm_name)
        row = QHBoxLayout()
        row.addWidget(self.no_button)
        row.addWidget(self.yes_button)
        column.addLayout(row)
        column.addStretch(1)

        # Thank you (or why not)
        self.done_message = _big(QLabel(""), 2.2)
        self.done_message.setObjectName("kioskDone")
        next_button = QPushButton("Next person")
        next_button.setMinimumHeight(64)
        next_button.setFont(QFont(next_button.font().family(), 20))
        next_button.clicked.connect(self.restart)
        done = QWidget()
        column = QVBoxLayout(done)
        column.addStretch(1)
        column.addWidget(self.done_message)
        column.addStretch(1)
        column.addWidget(next_button)

        self.sign_up = SignUpForm()
        self.sign_up.submitted.connect(self.submit_sign_up)
        self.sign_up.cancelled.connect(self.restart)

        self.stack = QStackedWidget()
        for page in (sign_in, confirm, done, self.sign_up):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 40, 80, 40)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addWidget(self.stack, 1)
        self._chosen: PersonSummary | None = None
        self._return = QTimer(self, singleShot=True, interval=RETURN_AFTER_MS)
        self._return.timeout.connect(self.restart)

    # The learner's steps -------------------------------------------------------------------------------------
    def continue_with_choice(self) -> None:
        person = self.picker.person()
        if person is None:
            self.sign_in_note.setText(
                "Type at least 3 letters of your email, NetID or name, then pick yourself."
            )
            return
        self._chosen = person
        self.confirm_name.setText(person_label(person, contact=False))
        self.stack.setCurrentIndex(1)

    def confirm(self) -> None:
        person, ctx = self._chosen, self.ctx
        if person is None:
            return
        request = ClaimRequest(person.id, ClaimChannel.KIOSK, session_id=self.session.id)
        self.yes_button.setEnabled(False)
        BackgroundTask(self, lambda _p: record_claim(ctx, request)).success(self._recorded).failure(
            self._refused
        ).run()

    def _recorded(self, result: ClaimResult) -> None:
        first = self._chosen.first_name if self._chosen else getattr(self, "_new_first_name", "")
        if result.outcome == ClaimOutcome.ALREADY_RECORDED:
            text = f"You're already signed in, {first}.\n{result.confirmation()}."
        else:
            text = f"✓ Thank you, {first}!\nYour attendance is recorded.\n{result.confirmation()}."
        self._finish(text)

    def _refused(self, error: BaseException) -> bool:
        if isinstance(error, ClaimRefused):
            self._finish(f"{error}\nPlease see the coordinator at the desk.")
            return True
        self.yes_button.setEnabled(True)
        return False

    def _finish(self, text: str) -> None:
        self.done_message.setText(text)
        self.stack.setCurrentIndex(2)
        self.answered.emit(text)
        self._return.start()

    def start_sign_up(self) -> None:
        self.sign_up.clear()
        self.stack.setCurrentWidget(self.sign_up)
        self.sign_up.first.setFocus()

    def submit_sign_up(self, learner: NewLearner) -> None:
        ctx, session_id = self.ctx, self.session.id
        self.sign_up.setEnabled(False)
        self._chosen = None
        self._new_first_name = learner.first_name.strip()
        BackgroundTask(self, lambda _p: sign_up_and_claim(ctx, learner, session_id)).success(
            self._recorded
        ).failure(self._sign_up_refused).run()

    def _sign_up_refused(self, error: BaseException) -> bool:
        self.sign_up.setEnabled(True)
        if isinstance(error, SeeTheCoordinator | ClaimRefused):
            self._finish(
                str(error)
                if isinstance(error, SeeTheCoordinator)
                else f"{error}\nPlease see the coordinator at the desk."
            )
            return True
        if isinstance(error, ValueError):
            self.sign_up.note.setText(str(error))
            return True
        return False

    def restart(self) -> None:
        self._return.stop()
        self.sign_up.setEnabled(True)
        self._chosen = None
        self.yes_button.setEnabled(True)
        self.picker.field.clear()
        self.picker.matches.clear()
        self.sign_in_note.setText("")
        self.stack.setCurrentIndex(0)
        self.picker.field.setFocus()

    # Leaving kiosk mode ----------------------------------------------------------------------------------------
    def try_exit(self, pin: str) -> bool:
        if hmac.compare_digest(pin.encode(), self._pin.encode()):
            self._unlocked = True
            self.close()
            return True
        return False

    def ask_exit(self) -> None:
        pin, ok = QInputDialog.getText(
            self, "Leave kiosk mode", "Coordinator's exit PIN:", QLineEdit.EchoMode.Password
        )
        if ok:
            self.try_exit(pin)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.ask_exit()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unlocked:
            event.accept()
        else:
            event.ignore()


class SignUpForm(QWidget):
    """Name, degree and email (and, for the duplicate check, the last 4 SSN digits, never stored as typed)."""

    submitted = Signal(object)
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        big = QFont(self.font().family(), 20)
        self.first, self.last, self.email, self.ssn = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.ssn.setEchoMode(QLineEdit.EchoMode.Password)
        self.ssn.setMaxLength(4)
        self.ssn.setPlaceholderText("optional")
        self.degree = QComboBox()
        self.degree.addItems(DEGREES)
        form = QFormLayout()
        for label, widget in (
            ("First name", self.first),
            ("Last name", self.last),
            ("Degree", self.degree),
            ("Email", self.email),
            ("Last 4 digits of your SSN", self.ssn),
        ):
            widget.setFont(big)
            widget.setAccessibleName(label)
            caption = QLabel(label)
            caption.setFont(big)
            form.addRow(caption, widget)
        self.note = _big(QLabel(""), 1.2)
        self.note.setObjectName("kioskNote")
        create = QPushButton("Create my profile and sign in")
        back = QPushButton("Back")
        for button in (back, create):
            button.setMinimumHeight(64)
            button.setFont(big)
        create.clicked.connect(self._submit)
        back.clicked.connect(self.cancelled)
        self.create_button = create
        row = QHBoxLayout()
        row.addWidget(back)
        row.addWidget(create)
        column = QVBoxLayout(self)
        column.addWidget(_big(QLabel("Create your profile"), 1.8))
        column.addLayout(form)
        column.addWidget(self.note)
        column.addStretch(1)
        column.addLayout(row)

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
        self.submitted.emit(
            NewLearner(
                self.first.text(),
                self.last.text(),
                self.degree.currentText(),
                self.email.text(),
                digits or None,
            )
        )


def open_kiosk(
    ctx: Context, events: AppEvents, session: SessionSummary, parent: QWidget
) -> KioskWindow | None:
    """Ask the coordinator for an exit PIN, then show the kiosk full screen (on the screen the parent is on)."""
    pin, ok = QInputDialog.getText(
        parent,
        "Start the kiosk",
        f"Choose an exit PIN ({MIN_PIN} or more digits). You will need it to leave the kiosk.",
        QLineEdit.EchoMode.Password,
    )
    if not ok:
        return None
    if len(pin) < MIN_PIN or not pin.isdigit():
        from cme_desktop.ui.tasks import show_error

        show_error(parent, f"The exit PIN needs at least {MIN_PIN} digits.")
        return None
    window = KioskWindow(ctx, events, session, pin)
    screen = parent.screen()
    if screen is not None:
        window.setGeometry(screen.geometry())
    window.showFullScreen()
    window.picker.field.setFocus()
    return window
