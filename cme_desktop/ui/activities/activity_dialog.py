"""The activity form: PARS fields, credit designations, commercial support and the attendance-code window."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.codes import DEFAULT_CLOSES_DAYS_AFTER, DEFAULT_OPENS_MINUTES_BEFORE
from cme_desktop.domain.localtime import say_day
from cme_desktop.domain.vocabulary import (
    ActivityFormat,
    ActivityStatus,
    Delivery,
    Providership,
    SessionStatus,
)
from cme_desktop.services.activities.model import ActivityDetail, ActivityInput
from cme_desktop.services.activities.records import create_activity, get_activity, update_activity
from cme_desktop.services.context import Context
from cme_desktop.services.editing import StaleEditError
from cme_desktop.ui.activities.common import ErrorLabel, GuardedForm
from cme_desktop.ui.activities.credit_editors import DesignationsEditor, SupportEditor
from cme_desktop.ui.attendance_dialogs import ReasonDialog
from cme_desktop.ui.tasks import BackgroundTask

DELIVERY_WORDS = {Delivery.IN_PERSON: "In person", Delivery.VIRTUAL: "Virtual", Delivery.HYBRID: "Hybrid"}


class ActivityDialog(GuardedForm, QDialog):
    """New activity when `detail` is None, else edit that activity over the version it was loaded at."""

    saved = Signal(object)  # ActivityDetail

    def __init__(
        self,
        ctx: Context,
        detail: ActivityDetail | None = None,
        departments: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.locked = False
        self.setWindowTitle("New activity" if detail is None else f"Edit activity: {detail.title}")
        self.setMinimumSize(980, 660)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Medicine Grand Rounds 2026–2027")
        self.format_combo = QComboBox()
        for fmt in ActivityFormat:
            self.format_combo.addItem(fmt.label, str(fmt))
        self.status_combo = QComboBox()
        self.status_combo.addItem("Active", str(ActivityStatus.ACTIVE))
        self.status_combo.addItem("Draft (still being planned)", str(ActivityStatus.DRAFT))
        self.direct = QRadioButton("Direct")
        self.joint = QRadioButton("Joint, with")
        self.direct.setChecked(True)
        self._providership = QButtonGroup(self)
        self._providership.addButton(self.direct)
        self._providership.addButton(self.joint)
        self.joint_provider = QLineEdit()
        self.joint_provider.setPlaceholderText("Name of the joint provider")
        self.joint_provider.setAccessibleName("Joint provider")
        self.joint_provider.setEnabled(False)
        self.joint.toggled.connect(self.joint_provider.setEnabled)
        self.department = QComboBox()
        self.department.setEditable(True)
        self.department.addItems(["", *(departments or [])])
        self.department.setAccessibleName("Department")
        self.director = QLineEdit()
        self.director.setPlaceholderText("Activity director's name")
        self.delivery = QComboBox()
        for value, word in DELIVERY_WORDS.items():
            self.delivery.addItem(word, str(value))
        self.venue = QLineEdit()
        self.venue.setPlaceholderText("Building and room")
        self.city, self.state, self.country = QLineEdit(), QLineEdit(), QLineEdit("United States")
        self.state.setMaximumWidth(70)
        self.city.setAccessibleName("City")
        self.state.setAccessibleName("State")
        self.country.setAccessibleName("Country")
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("What learners will be able to do, and for whom it is planned")
        self.description.setTabChangesFocus(True)
        self.designations = DesignationsEditor()
        self.support = SupportEditor()
        self.opens = QSpinBox()
        self.opens.setRange(0, 1440)
        self.opens.setSuffix(" minutes before the session starts")
        self.opens.setAccessibleName("Code opens minutes before")
        self.closes = QSpinBox()
        self.closes.setRange(0, 365)
        self.closes.setSuffix(" days after the session ends")
        self.closes.setAccessibleName("Code closes days after")
        self.error = ErrorLabel()

        general = QFormLayout()
        general.addRow("&Title", self.title_edit)
        general.addRow("&Format", self.format_combo)
        general.addRow("Stat&us", self.status_combo)
        providers = QHBoxLayout()
        providers.addWidget(self.direct)
        providers.addWidget(self.joint)
        providers.addWidget(self.joint_provider, 1)
        general.addRow("Providership", providers)
        general.addRow("&Department", self.department)
        general.addRow("Di&rector", self.director)
        general.addRow("De&livery", self.delivery)
        general.addRow("&Venue / room", self.venue)
        place = QHBoxLayout()
        place.addWidget(self.city, 2)
        place.addWidget(QLabel("State"))
        place.addWidget(self.state)
        place.addWidget(QLabel("Country"))
        place.addWidget(self.country, 2)
        general.addRow("City", place)
        general.addRow("Descri&ption", self.description)
        left = QGroupBox("Activity")
        left.setLayout(general)

        credit_box = QGroupBox("Credit designations (maximum, designated in advance)")
        QVBoxLayout(credit_box).addWidget(self.designations)
        support_box = QGroupBox("Commercial support")
        QVBoxLayout(support_box).addWidget(self.support)
        window_box = QGroupBox("Attendance code window")
        window_form = QFormLayout(window_box)
        window_form.addRow("Opens", self.opens)
        window_form.addRow("Closes", self.closes)
        usual = QLabel(
            f"Usual: {DEFAULT_OPENS_MINUTES_BEFORE} minutes before to {DEFAULT_CLOSES_DAYS_AFTER} days after. "
            "A new window applies to every code not yet closed."
        )
        usual.setWordWrap(True)
        usual.setObjectName("hint")
        window_form.addRow(usual)
        right = QVBoxLayout()
        right.addWidget(credit_box)
        right.addWidget(support_box, 1)
        right.addWidget(window_box)

        columns = QHBoxLayout()
        columns.addWidget(left, 3)
        columns.addLayout(right, 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "Create activity" if detail is None else "Save changes", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.fill(detail.as_input() if detail else ActivityInput(title="", format=ActivityFormat.RSS))
        self.mark_clean()
        self.title_edit.setFocus()

    def form_state(self) -> object:
        return self.activity_input()

    def reject(self) -> None:
        if self.may_discard(self):
            super().reject()

    def fill(self, data: ActivityInput) -> None:
        self.title_edit.setText(data.title)
        self.format_combo.setCurrentIndex(self.format_combo.findData(str(data.format)))
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(str(data.status))))
        (self.joint if str(data.providership) == Providership.JOINT else self.direct).setChecked(True)
        self.joint_provider.setText(data.joint_provider or "")
        self.department.setCurrentText(data.department or "")
        self.director.setText(data.director or "")
        self.delivery.setCurrentIndex(self.delivery.findData(str(data.delivery)))
        self.venue.setText(data.venue or "")
        self.city.setText(data.city or "")
        self.state.setText(data.state or "")
        self.country.setText(data.country or ("United States" if self.detail is None else ""))
        self.description.setPlainText(data.description or "")
        self.designations.set_designations(data.designations)
        started = self._first_started()
        self.locked = started is not None
        if started is not None:
            self.designations.lock(f"on {say_day(started.date())}")
        self.support.set_support(data.commercial_support)
        self.opens.setValue(data.code_opens_minutes_before)
        self.closes.setValue(data.code_closes_days_after)

    def _first_started(self) -> datetime | None:
        """When the activity's first session started (in its own zone), or None if none has yet."""
        now = self.ctx.clock()
        started = [
            s.local_start()
            for s in (self.detail.sessions if self.detail else ())
            if s.status != SessionStatus.CANCELLED and s.starts_at <= now
        ]
        return min(started, default=None)

    def activity_input(self) -> ActivityInput:
        """What the form says; raises ActivityError for what only the form can know (an amount not money)."""
        return ActivityInput(
            title=self.title_edit.text(),
            format=self.format_combo.currentData(),
            providership=Providership.JOINT if self.joint.isChecked() else Providership.DIRECT,
            joint_provider=self.joint_provider.text(),
            department=self.department.currentText(),
            director=self.director.text(),
            venue=self.venue.text(),
            city=self.city.text(),
            state=self.state.text(),
            country=self.country.text(),
            delivery=self.delivery.currentData(),
            description=self.description.toPlainText(),
            commercial_support=self.support.support(),
            designations=self.designations.designations(),
            code_opens_minutes_before=self.opens.value(),
            code_closes_days_after=self.closes.value(),
            status=self.status_combo.currentData(),
        )

    def save(self) -> None:
        try:
            data = self.activity_input()
        except ValueError as error:
            self.error.say(str(error))
            return
        if self.locked and self.designations.lowered():
            ask = ReasonDialog(
                "Lower a designation",
                "The first session has started. Why is the designation lowered or removed? The audit log keeps "
                "the reason.",
                "Lower it",
                self,
            )
            if ask.exec() != QDialog.DialogCode.Accepted:
                return
            data = replace(data, designation_reason=ask.reason.text().strip())
        self.error.say("")
        self.save_button.setEnabled(False)
        ctx, detail = self.ctx, self.detail
        if detail is None:
            task = BackgroundTask(self, lambda _p: create_activity(ctx, data), "Saving the activity…")
        else:
            task = BackgroundTask(
                self, lambda _p: update_activity(ctx, detail.id, data, detail.version), "Saving the activity…"
            )
        task.success(self._saved).failure(self._failed).run()

    def _saved(self, detail: ActivityDetail) -> None:
        self.detail = detail
        self.saved.emit(detail)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.save_button.setEnabled(True)
        if isinstance(error, StaleEditError):
            self.error.say(str(error))
            self._offer_reload(str(error))
            return True
        if isinstance(error, ValueError):
            self.error.say(str(error))
            return True
        return False

    def _offer_reload(self, message: str) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Changed by someone else")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(message)
        box.setInformativeText("Reload replaces what you typed with the saved activity.")
        reload_button = box.addButton("Reload", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep my changes", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is reload_button:
            self.reload()

    def reload(self) -> None:
        """Load the saved activity again (after someone else's save) so the next save goes over their version."""
        if self.detail is None:
            return
        ctx, activity_id = self.ctx, self.detail.id
        BackgroundTask(self, lambda _p: get_activity(ctx, activity_id), "Reloading…").success(
            self._reloaded
        ).run()

    def _reloaded(self, detail: ActivityDetail) -> None:
        self.detail = detail
        self.fill(detail.as_input())
        self.mark_clean()
        self.error.say("Reloaded with the latest saved version; make your changes again.")
