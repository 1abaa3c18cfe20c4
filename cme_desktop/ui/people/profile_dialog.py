"""The profile dialog: view and edit one person, with their attendance, certificates and disclosures."""

from __future__ import annotations

import calendar
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.degrees import profession_for_degree
from cme_desktop.domain.vocabulary import CreditType, Profession
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.office.ssn_key import ssn_key_status
from cme_desktop.services.people.history import PersonHistory, person_history
from cme_desktop.services.people.profile_input import (
    BoardEntry,
    EmailEntry,
    LicenseEntry,
    PhoneEntry,
    ProfileInput,
)
from cme_desktop.services.people.profiles import (
    PossibleDuplicate,
    Profile,
    ProfileConflict,
    create_profile,
    get_profile,
    update_profile,
)
from cme_desktop.ui.activities.common import GuardedForm
from cme_desktop.ui.formatting import date_text, day_and_time
from cme_desktop.ui.people.grids import EditGrid
from cme_desktop.ui.people.models import RowsModel
from cme_desktop.ui.table import list_view
from cme_desktop.ui.tasks import BackgroundTask
from cme_desktop.ui.text import plain_label

DEGREES = ["", "MD", "DO", "PhD", "RN", "NP", "PA", "PharmD", "DNP", "MBBS", "APRN", "BSN", "MSN", "RPh"]


class ProfileDialog(GuardedForm, QDialog):
    """Opened on a profile id (or None for a new profile); saving runs off the GUI thread."""

    saved = Signal(object)  # Profile
    open_person_requested = Signal(int)
    loaded = Signal()

    def __init__(self, ctx: Context, person_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.profile: Profile | None = None
        self.zone = None
        self.setWindowTitle("New profile" if person_id is None else "Profile")
        self.resize(860, 640)
        self.heading = plain_label("New profile" if person_id is None else "Loading…")
        self.heading.setObjectName("pageHeading")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setObjectName("emptyNote")
        self.notice.hide()

        self.first = QLineEdit()
        self.middle = QLineEdit()
        self.last = QLineEdit()
        self.suffix = QLineEdit()
        self.degree = QComboBox()
        self.degree.setEditable(True)
        self.degree.addItems(DEGREES)
        self.profession = QComboBox()
        self.profession.addItem("As the degree implies", None)
        for profession in Profession:
            self.profession.addItem(profession.label, profession.value)
        self.netid = QLineEdit()
        self.netid.setPlaceholderText("institution members")
        self.npi = QLineEdit()
        self.npi.setMaxLength(10)
        self.nabp = QLineEdit()
        self.birth_month = QComboBox()
        self.birth_month.addItem("—", None)
        for month in range(1, 13):
            self.birth_month.addItem(calendar.month_name[month], month)
        self.birth_day = QSpinBox()
        self.birth_day.setRange(0, 31)
        self.birth_day.setSpecialValueText("—")
        self.moc_permission = QCheckBox("May report completed credit to their boards (MOC)")
        self.moc_permission.setToolTip(
            "The learner's permission, needed before their credit goes to ABIM, ABP and the other boards."
        )
        self.ssn = QLineEdit()
        self.ssn.setMaxLength(4)
        self.ssn.setEchoMode(QLineEdit.EchoMode.Password)
        self.ssn.setPlaceholderText("last 4 digits")
        for widget, name in (
            (self.first, "First name"),
            (self.middle, "Middle name"),
            (self.last, "Last name"),
            (self.suffix, "Suffix"),
            (self.degree, "Degree"),
            (self.profession, "Profession"),
            (self.netid, "NetID"),
            (self.npi, "NPI"),
            (self.nabp, "NABP e-Profile ID"),
            (self.birth_month, "Birth month"),
            (self.birth_day, "Birth day"),
            (self.ssn, "Last 4 of SSN"),
        ):
            widget.setAccessibleName(name)

        names = QGridLayout()
        for column, (label, widget) in enumerate(
            (("First", self.first), ("Middle", self.middle), ("Last", self.last), ("Suffix", self.suffix))
        ):
            names.addWidget(QLabel(label), 0, column)
            names.addWidget(widget, 1, column)
        form = QFormLayout()
        form.addRow("Degree", self.degree)
        form.addRow("Profession", self.profession)
        form.addRow("NetID", self.netid)
        form.addRow("NPI", self.npi)
        form.addRow("NABP e-Profile ID", self.nabp)
        birth = QWidget()
        birth_row = QGridLayout(birth)
        birth_row.setContentsMargins(0, 0, 0, 0)
        birth_row.addWidget(self.birth_month, 0, 0)
        birth_row.addWidget(self.birth_day, 0, 1)
        form.addRow("Birth month and day", birth)
        form.addRow("MOC", self.moc_permission)
        form.addRow("Last 4 of SSN", self.ssn)

        self.emails = EditGrid("Emails", ["Address"], ["Primary"])
        self.phones = EditGrid("Phones", ["Number"], ["Verified", "Opted out"])
        self.boards = EditGrid("Board IDs", ["Board", "ID"])
        self.licenses = EditGrid("Licenses", ["State", "License number"])
        details = QWidget()
        grid = QGridLayout(details)
        grid.addLayout(names, 0, 0, 1, 2)
        grid.addLayout(form, 1, 0)
        contacts = QVBoxLayout()
        contacts.addWidget(self.emails)
        contacts.addWidget(self.phones)
        grid.addLayout(contacts, 1, 1)
        grid.addWidget(self.boards, 2, 0)
        grid.addWidget(self.licenses, 2, 1)

        self.claims_model: RowsModel[Any] = RowsModel(
            [
                (
                    "Session",
                    lambda c: day_and_time(c.starts_at, self.zone) if self.zone else c.starts_at,
                    lambda c: c.starts_at,
                ),
                ("Activity", lambda c: c.activity_title),
                ("Topic", lambda c: c.topic),
                ("Credits", lambda c: format_credits(c.credit_quarters)),
                ("Type", lambda c: _credit_label(c.credit_type)),
                ("Channel", lambda c: c.channel + (" (revoked)" if c.revoked else "")),
            ],
            self,
        )
        self.certificates_model: RowsModel[Any] = RowsModel(
            [
                (
                    "Issued",
                    lambda c: day_and_time(c.issued_at, self.zone) if self.zone else c.issued_at,
                    lambda c: c.issued_at,
                ),
                ("Activity", lambda c: c.activity_title),
                ("Code", lambda c: c.verification_code + (" (revoked)" if c.revoked else "")),
                ("Credits", lambda c: format_credits(c.credit_quarters)),
            ],
            self,
        )
        self.disclosures_model: RowsModel[Any] = RowsModel(
            [
                ("Disclosed", lambda d: date_text(d.disclosed_on), lambda d: d.disclosed_on),
                ("Valid until", lambda d: date_text(d.valid_until), lambda d: d.valid_until),
                (
                    "Relationships",
                    lambda d: "refused" if d.refused else ("none" if d.no_relationships else d.relationships),
                ),
            ],
            self,
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(details, "Profile")
        for model, title in (
            (self.claims_model, "Attendance"),
            (self.certificates_model, "Certificates"),
            (self.disclosures_model, "Disclosures"),
        ):
            self.tabs.addTab(_table(model, title), title)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.transcript_button = self.buttons.addButton("Transcript…", QDialogButtonBox.ButtonRole.ActionRole)
        self.transcript_button.setEnabled(person_id is not None)
        self.transcript_button.clicked.connect(self.open_transcript)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self._load()

    def open_transcript(self) -> None:
        from cme_desktop.ui.people.transcript_dialog import TranscriptDialog

        if self.person_id is None:
            return
        self.transcript = TranscriptDialog(
            self.ctx, self.person_id, getattr(self, "person_name", "this person"), self.zone, self
        )
        self.transcript.open()

    def _load(self) -> None:
        ctx, person_id = self.ctx, self.person_id

        def work(_progress: object) -> tuple[Profile | None, PersonHistory | None, Any, str | None]:
            status = ssn_key_status(ctx)
            if person_id is None:
                return None, None, office_zone(ctx), status.notice
            return (
                get_profile(ctx, person_id),
                person_history(ctx, person_id),
                office_zone(ctx),
                status.notice,
            )

        BackgroundTask(self, work).success(self._show).run()

    def _show(self, result: tuple[Profile | None, PersonHistory | None, Any, str | None]) -> None:
        profile, history, self.zone, notice = result
        if notice:
            self.notice.setText(notice)
            self.notice.show()
        if profile is not None:
            self.fill(profile)
        self.mark_clean()
        if history is not None:
            self.claims_model.set_rows(history.claims)
            self.certificates_model.set_rows(history.certificates)
            self.disclosures_model.set_rows(history.disclosures)
            for index, count in enumerate(
                (len(history.claims), len(history.certificates), len(history.disclosures))
            ):
                self.tabs.setTabText(
                    index + 1, f"{('Attendance', 'Certificates', 'Disclosures')[index]} ({count})"
                )
        self.loaded.emit()

    def fill(self, profile: Profile) -> None:
        self.profile = profile
        self.person_id = profile.id
        self.person_name = profile.display_name
        self.setWindowTitle(f"Profile: {profile.display_name}")
        kind = f"NetID {profile.netid}" if profile.netid else "outside the institution (signs in by email)"
        merges = len(profile.merged_ids)
        merged = f" · {merges} duplicate profile{'s' if merges != 1 else ''} merged in" if merges else ""
        self.heading.setText(f"{profile.display_name} · {kind}{merged}")
        data = profile.as_input()
        for widget, value in (
            (self.first, data.first_name),
            (self.middle, data.middle_name),
            (self.last, data.last_name),
            (self.suffix, data.suffix),
            (self.netid, data.netid),
            (self.npi, data.npi),
            (self.nabp, data.nabp_eprofile_id),
        ):
            widget.setText(value or "")
        self.degree.setCurrentText(data.degree or "")
        implied = profession_for_degree(data.degree)
        self.profession.setCurrentIndex(
            0 if implied == profile.profession else self.profession.findData(profile.profession)
        )
        self.birth_month.setCurrentIndex(self.birth_month.findData(data.birth_month))
        self.birth_day.setValue(data.birth_day or 0)
        self.moc_permission.setChecked(data.moc_permission)
        self.ssn.clear()
        self.ssn.setPlaceholderText(
            "stored; type 4 digits to replace" if profile.has_ssn_last4 else "last 4 digits"
        )
        self.emails.set_rows([([e.address], [e.primary]) for e in data.emails])
        self.phones.set_rows([([p.number], [p.verified, p.opted_out]) for p in data.phones])
        self.boards.set_rows([([b.board, b.board_id], []) for b in data.board_ids])
        self.licenses.set_rows([([x.state, x.license_number], []) for x in data.licenses])

    def form_state(self) -> object:
        return self.form_input()

    def reject(self) -> None:
        if self.may_discard(self):
            super().reject()

    def form_input(self) -> ProfileInput:
        """The form as the service takes it."""
        return ProfileInput(
            first_name=self.first.text(),
            middle_name=self.middle.text(),
            last_name=self.last.text(),
            suffix=self.suffix.text(),
            degree=self.degree.currentText(),
            profession=self.profession.currentData(),
            netid=self.netid.text(),
            npi=self.npi.text(),
            nabp_eprofile_id=self.nabp.text(),
            birth_month=self.birth_month.currentData(),
            birth_day=self.birth_day.value() or None,
            moc_permission=self.moc_permission.isChecked(),
            emails=tuple(EmailEntry(t[0], c[0]) for t, c in self.emails.rows()),
            phones=tuple(PhoneEntry(t[0], c[0], c[1]) for t, c in self.phones.rows()),
            board_ids=tuple(BoardEntry(t[0], t[1]) for t, _ in self.boards.rows()),
            licenses=tuple(LicenseEntry(t[0], t[1]) for t, _ in self.licenses.rows()),
            ssn_last4=self.ssn.text() or None,
        )

    def save(self, confirmed_new: bool = False) -> None:
        ctx, data, profile = self.ctx, self.form_input(), self.profile
        if profile is None:
            task = BackgroundTask(self, lambda _p: create_profile(ctx, data, confirmed_new=confirmed_new))
        else:
            task = BackgroundTask(self, lambda _p: update_profile(ctx, profile.id, data, profile.version))
        self.buttons.setEnabled(False)
        task.success(self._saved).failure(self._failed).run()

    def _saved(self, profile: Profile) -> None:
        self.buttons.setEnabled(True)
        self.fill(profile)
        self.saved.emit(profile)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.buttons.setEnabled(True)
        if isinstance(error, ProfileConflict):
            box = QMessageBox(QMessageBox.Icon.Warning, "CME Desk", str(error), parent=self)
            open_button = box.addButton("Open that profile", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is open_button:
                self.open_person_requested.emit(error.other_person_id)
            return True
        if isinstance(error, PossibleDuplicate):
            box = QMessageBox(QMessageBox.Icon.Question, "CME Desk", str(error), parent=self)
            open_button = box.addButton("Open the existing profile", QMessageBox.ButtonRole.AcceptRole)
            new_button = box.addButton("Create a new profile anyway", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is open_button:
                self.open_person_requested.emit(error.people[0].id)
                self.reject()
            elif box.clickedButton() is new_button:
                self.save(confirmed_new=True)
            return True
        return False


def _table(model: RowsModel[Any], name: str) -> QTableView:
    return list_view(model, name, sortable=True)


def _credit_label(credit_type: str) -> str:
    try:
        return CreditType(credit_type).label
    except ValueError:
        return credit_type
