"""One session: its day, times, topic, speakers, room and credits. Adding gives it a fresh attendance code."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.credits import format_credits, quarters_for_duration
from cme_desktop.services.activities.calendar import SessionSummary
from cme_desktop.services.activities.session_plan import SessionHasClaims, SessionInput
from cme_desktop.services.activities.sessions import add_session, edit_session
from cme_desktop.services.context import Context
from cme_desktop.ui.activities.common import ErrorLabel, GuardedForm, confirm
from cme_desktop.ui.activities.faculty_editor import FacultyEditor
from cme_desktop.ui.formatting import DATE_EDIT_FORMAT, TIME_EDIT_FORMAT
from cme_desktop.ui.qtdates import bound_to_sessions, pydate, pytime, qdate, qtime
from cme_desktop.ui.tasks import BackgroundTask


class SessionDialog(GuardedForm, QDialog):
    """Add a session to an activity (`session` None) or edit one; times are in the session's own zone."""

    saved = Signal(object)  # SessionSummary

    def __init__(
        self,
        ctx: Context,
        activity_id: int,
        session: SessionSummary | None = None,
        defaults: SessionInput | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.activity_id, self.session = ctx, activity_id, session
        self.confirmed = False
        self.setWindowTitle("Add session" if session is None else "Edit session")
        self.setMinimumWidth(520)
        self.day = bound_to_sessions(QDateEdit(), ctx.clock().date())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(DATE_EDIT_FORMAT)
        self.start = QTimeEdit()
        self.end = QTimeEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat(TIME_EDIT_FORMAT)
        self.start.setAccessibleName("Start time")
        self.end.setAccessibleName("End time")
        self.topic, self.speakers, self.room = QLineEdit(), QLineEdit(), QLineEdit()
        self.speakers.setPlaceholderText("Their names, or type names to match them to profiles")
        self.speakers.setToolTip(
            "With speakers chosen above, how their names are shown on the slide (leave empty for their names). "
            "Without, the names typed here are matched to profiles when you save."
        )
        self.faculty = FacultyEditor(ctx)
        self.breaks = QSpinBox()
        self.breaks.setRange(0, 600)
        self.breaks.setSingleStep(15)
        self.breaks.setSuffix(" minutes")
        self.breaks.setAccessibleName("Breaks and meals")
        self.breaks.setToolTip("Breaks and meals earn no credit: credit counts instruction time only.")
        self.from_duration = QCheckBox("From the instruction time (60 minutes = 1 credit)")
        self.from_duration.setToolTip(
            "Rounded to the nearest quarter hour (DOMAIN.md, AMA PRA credit rules)."
        )
        self.credits = QDoubleSpinBox()
        self.credits.setRange(0, 24)
        self.credits.setDecimals(2)
        self.credits.setSingleStep(0.25)
        self.credits.setAccessibleName("Credits")
        self.earned = QLabel()
        self.earned.setObjectName("hint")
        self.error = ErrorLabel()

        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(QLabel("to"))
        times.addWidget(self.end)
        times.addStretch(1)
        credits = QHBoxLayout()
        credits.addWidget(self.credits)
        credits.addWidget(self.earned, 1)
        form = QFormLayout()
        form.addRow("&Date", self.day)
        form.addRow("Time", times)
        form.addRow("T&opic", self.topic)
        form.addRow("&Speakers", self.faculty)
        form.addRow("Shown as", self.speakers)
        form.addRow("&Room", self.room)
        form.addRow("&Breaks and meals", self.breaks)
        form.addRow("Credits", self.from_duration)
        form.addRow("", credits)
        if session is not None and session.claim_count:
            note = QLabel(
                f"{session.claim_count} learners have claimed this session. New times keep their claims and "
                "move the code window with the session; you will be asked to confirm."
            )
            note.setObjectName("warningNote")
            note.setWordWrap(True)
            form.addRow(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "Add session" if session is None else "Save session", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        for signal in (self.start.timeChanged, self.end.timeChanged):
            signal.connect(self._update_earned)
        self.breaks.valueChanged.connect(self._update_earned)
        self.from_duration.toggled.connect(self._update_earned)
        self._fill(session, defaults)
        self.mark_clean()

    def form_state(self) -> object:
        return self.session_input()

    def reject(self) -> None:
        if self.may_discard(self):
            super().reject()

    def _fill(self, session: SessionSummary | None, defaults: SessionInput | None) -> None:
        if session is not None:
            start, end = session.local_start(), session.local_end()
            data = SessionInput(
                start.date(),
                start.time(),
                end.time(),
                session.topic,
                session.speakers,
                session.room,
                Decimal(session.credit_quarters) / 4,
                break_minutes=session.break_minutes,
            )
            self.faculty.set_faculty(session.faculty)
        else:
            data = defaults or SessionInput(self.ctx.clock().date(), time(12), time(13))
        self.day.setDate(qdate(data.day))
        self.start.setTime(qtime(data.start))
        self.end.setTime(qtime(data.end))
        self.topic.setText(data.topic or "")
        self.speakers.setText(data.speakers or "")
        self.room.setText(data.room or "")
        self.breaks.setValue(data.break_minutes)
        earned = self._earned_quarters()
        given = None if data.credits is None else int(Decimal(str(data.credits)) * 4)
        self.from_duration.setChecked(given is None or given == earned)
        if given is not None:
            self.credits.setValue(given / 4)
        self._update_earned()

    def _instruction_minutes(self) -> int:
        start = datetime.combine(date.min, pytime(self.start.time()))
        end = datetime.combine(date.min, pytime(self.end.time()))
        return int((end - start) / timedelta(minutes=1)) - self.breaks.value()

    def _earned_quarters(self) -> int:
        minutes = self._instruction_minutes()
        return quarters_for_duration(timedelta(minutes=minutes)) if minutes > 0 else 0

    def _update_earned(self) -> None:
        earned = self._earned_quarters()
        minutes = self._instruction_minutes()
        auto = self.from_duration.isChecked()
        self.credits.setEnabled(not auto)
        if auto:
            self.credits.setValue(earned / 4)
        if minutes > 0:
            what = f"{minutes} minutes of instruction" if self.breaks.value() else f"{minutes} minutes"
            self.earned.setText(f"{what} earn at most {format_credits(earned)}")
        else:
            self.earned.setText("The end is not after the start, or the breaks take the whole session.")

    def session_input(self) -> SessionInput:
        return SessionInput(
            day=pydate(self.day.date()),
            start=pytime(self.start.time()),
            end=pytime(self.end.time()),
            topic=self.topic.text(),
            speakers=self.speakers.text(),
            room=self.room.text(),
            credits=None if self.from_duration.isChecked() else Decimal(str(round(self.credits.value(), 2))),
            break_minutes=self.breaks.value(),
            # Chosen speakers; none chosen: the typed names are matched to profiles when saved.
            faculty=self.faculty.faculty() or None,
        )

    def save(self) -> None:
        data = self.session_input()
        self.error.say("")
        self.save_button.setEnabled(False)
        ctx, activity_id, session, confirmed = self.ctx, self.activity_id, self.session, self.confirmed
        if session is None:
            task = BackgroundTask(self, lambda _p: add_session(ctx, activity_id, data), "Adding the session…")
        else:
            task = BackgroundTask(
                self,
                lambda _p: edit_session(ctx, session.id, data, session.version, confirm_claims=confirmed),
                "Saving the session…",
            )
        task.success(self._saved).failure(self._failed).run()

    def _saved(self, summary: SessionSummary) -> None:
        self.saved.emit(summary)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.save_button.setEnabled(True)
        if isinstance(error, SessionHasClaims):
            if confirm(self, "Session has claims", str(error), "Move the session"):
                self.confirmed = True
                self.save()
            return True
        if isinstance(error, ValueError):
            self.error.say(str(error))
            return True
        return False
