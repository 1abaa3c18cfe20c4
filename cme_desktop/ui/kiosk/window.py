"""The kiosk window: sign in → confirm → thank you, then back to sign-in for the next learner.

Anyone can walk up to the kiosk, so it never lists people: a learner types their own email, mobile number or
NetID (or their name and birthday) and sees their name only when exactly one profile matches
(services/attendance/kiosk.py). A learner the office does not know creates a minimal profile. The claim goes
through the same rule book as every channel, with this machine as evidence. Only the coordinator's exit PIN leaves
kiosk mode.
"""

from __future__ import annotations

import hmac
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from cme_desktop.domain.localtime import say_day
from cme_desktop.domain.names import display_name
from cme_desktop.domain.vocabulary import ClaimChannel
from cme_desktop.services.activities.calendar import SessionSummary
from cme_desktop.services.attendance.claims import (
    ClaimOutcome,
    ClaimRefused,
    ClaimRequest,
    ClaimResult,
    record_claim,
)
from cme_desktop.services.attendance.kiosk import (
    NewLearner,
    SeeTheCoordinator,
    find_by_birthday,
    find_learner,
    sign_up_and_claim,
)
from cme_desktop.services.context import Context
from cme_desktop.services.people.search import PersonSummary
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.kiosk.forms import BirthdayForm, SignUpForm
from cme_desktop.ui.kiosk.look import FIELD_PT, HEADING_PT, TEXT_PT, TITLE_PT, button, sized, text
from cme_desktop.ui.tasks import BackgroundTask

RETURN_AFTER_MS = 6000
MIN_PIN = 4


class KioskWindow(QWidget):
    answered = Signal(str)  # the thank-you (or why not) the learner was shown
    looked_up = Signal()  # a sign-in lookup finished (found or not)

    def __init__(self, ctx: Context, events: AppEvents, session: SessionSummary, exit_pin: str) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.ctx, self.events, self.session = ctx, events, session
        self._pin = exit_pin
        self._unlocked = False
        self.setWindowTitle("CME Desk sign-in")
        self.setObjectName("kiosk")
        day = say_day(session.starts_at.astimezone(ZoneInfo(session.timezone)).date())
        self.title = text(session.activity_title, TITLE_PT, bold=True)
        self.subtitle = text(" · ".join(x for x in (day, session.topic) if x), TEXT_PT)

        # Sign in: one field, found only by an exact match.
        self.field = QLineEdit()
        self.field.setPlaceholderText("Your email, mobile number or NetID")
        self.field.setAccessibleName("Your email, mobile number or NetID")
        sized(self.field, FIELD_PT)
        self.field.returnPressed.connect(self.look_up)
        self.continue_button = button("Continue")
        self.continue_button.clicked.connect(self.look_up)
        self.sign_in_note = text("", TEXT_PT)
        self.sign_in_note.setObjectName("kioskNote")
        self.birthday_button = button("No email or NetID? Use your name and birthday", TEXT_PT, 52)
        self.new_profile_button = button("New here? Create your profile", TEXT_PT, 52)
        self.birthday_button.clicked.connect(self.start_birthday)
        self.new_profile_button.clicked.connect(self.start_sign_up)
        sign_in = QWidget()
        column = QVBoxLayout(sign_in)
        column.addStretch(1)
        column.addWidget(text("Sign in to record your attendance", HEADING_PT))
        column.addWidget(self.field)
        column.addWidget(self.continue_button)
        column.addWidget(self.sign_in_note)
        column.addStretch(1)
        others = QHBoxLayout()
        others.addWidget(self.birthday_button)
        others.addWidget(self.new_profile_button)
        column.addLayout(others)

        # Confirm
        self.confirm_name = text("", HEADING_PT, bold=True)
        self.yes_button = button("Yes, record my attendance", FIELD_PT, 72)
        self.no_button = button("No, go back", FIELD_PT, 72)
        self.yes_button.clicked.connect(self.confirm)
        self.no_button.clicked.connect(self.restart)
        confirm = QWidget()
        column = QVBoxLayout(confirm)
        column.addStretch(1)
        column.addWidget(text("Is this you?", HEADING_PT))
        column.addWidget(self.confirm_name)
        row = QHBoxLayout()
        row.addWidget(self.no_button)
        row.addWidget(self.yes_button)
        column.addLayout(row)
        column.addStretch(1)

        # Thank you (or why not)
        self.done_message = text("", HEADING_PT)
        self.done_message.setObjectName("kioskDone")
        next_button = button("Next person")
        next_button.clicked.connect(self.restart)
        done = QWidget()
        column = QVBoxLayout(done)
        column.addStretch(1)
        column.addWidget(self.done_message)
        column.addStretch(1)
        column.addWidget(next_button)

        self.birthday = BirthdayForm()
        self.birthday.submitted.connect(self.look_up_by_birthday)
        self.birthday.cancelled.connect(self.restart)
        self.sign_up = SignUpForm()
        self.sign_up.submitted.connect(self.submit_sign_up)
        self.sign_up.cancelled.connect(self.restart)

        self.stack = QStackedWidget()
        for page in (sign_in, confirm, done, self.sign_up, self.birthday):
            self.stack.addWidget(page)
        self.sign_in_page, self.confirm_page, self.done_page = sign_in, confirm, done
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 40, 80, 40)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(24)
        layout.addWidget(self.stack, 1)
        self._chosen: PersonSummary | None = None
        self._new_first_name = ""
        self._return = QTimer(self, singleShot=True, interval=RETURN_AFTER_MS)
        self._return.timeout.connect(self.restart)

    # Finding the learner ---------------------------------------------------------------------------------------
    def look_up(self) -> None:
        typed, ctx = self.field.text().strip(), self.ctx
        if not typed:
            self.sign_in_note.setText("Type your email, mobile number or NetID.")
            return
        self.continue_button.setEnabled(False)
        BackgroundTask(self, lambda _p: find_learner(ctx, typed)).success(
            lambda found: self._found(found, f"No profile has “{typed}”. Check it, or use the buttons below.")
        ).failure(self._lookup_failed).run()

    def look_up_by_birthday(self, first: str, last: str, month: int, day: int) -> None:
        ctx = self.ctx
        self.birthday.continue_button.setEnabled(False)
        BackgroundTask(self, lambda _p: find_by_birthday(ctx, first, last, month, day)).success(
            lambda found: self._found(
                found, "No profile has that name and birthday. Check them, or create your profile."
            )
        ).failure(self._lookup_failed).run()

    def _found(self, person: PersonSummary | None, not_found: str) -> None:
        self.continue_button.setEnabled(True)
        self.birthday.continue_button.setEnabled(True)
        if person is None:
            note = self.birthday.note if self.stack.currentWidget() is self.birthday else self.sign_in_note
            note.setText(not_found)
        else:
            self._chosen = person
            self.confirm_name.setText(display_name(person.first_name, person.last_name, person.degree))
            self.stack.setCurrentWidget(self.confirm_page)
        self.looked_up.emit()

    def _lookup_failed(self, error: BaseException) -> bool:
        self.continue_button.setEnabled(True)
        self.birthday.continue_button.setEnabled(True)
        if isinstance(error, SeeTheCoordinator | ValueError):
            self.birthday.note.setText(str(error))
            self.looked_up.emit()
            return True
        return False

    # Recording ------------------------------------------------------------------------------------------------
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
        first = self._chosen.first_name if self._chosen else self._new_first_name
        if result.outcome == ClaimOutcome.ALREADY_RECORDED:
            words = f"You're already signed in, {first}.\n{result.confirmation()}."
        else:
            words = f"✓ Thank you, {first}!\nYour attendance is recorded.\n{result.confirmation()}."
        self._finish(words)

    def _refused(self, error: BaseException) -> bool:
        if isinstance(error, ClaimRefused):
            self._finish(f"{error}\nPlease see the coordinator at the desk.")
            return True
        self.yes_button.setEnabled(True)
        return False

    def _finish(self, words: str) -> None:
        self.done_message.setText(words)
        self.stack.setCurrentWidget(self.done_page)
        self.answered.emit(words)
        self._return.start()

    # The other ways in ------------------------------------------------------------------------------------------
    def start_birthday(self) -> None:
        self.birthday.clear()
        self.stack.setCurrentWidget(self.birthday)
        self.birthday.first.setFocus()

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
        if isinstance(error, SeeTheCoordinator):
            self._finish(str(error))
            return True
        if isinstance(error, ClaimRefused):
            self._finish(f"{error}\nPlease see the coordinator at the desk.")
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
        self.continue_button.setEnabled(True)
        self.field.clear()
        self.sign_in_note.setText("")
        self.stack.setCurrentWidget(self.sign_in_page)
        self.field.setFocus()

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
    window.field.setFocus()
    return window
