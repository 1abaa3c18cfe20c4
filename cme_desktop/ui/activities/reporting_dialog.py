"""PARS and MOC for one activity: the activity ID PARS assigned, the CME Finder listing, outcome measures, and the
activity's registration for MOC with each certifying board (credit types, points, practice areas, whether
learners must pass, the last day to claim)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.pars import BOARDS, Board, FinderRegistration, OutcomeMeasure
from cme_desktop.services.activities.reporting_fields import (
    ActivityReportingDetail,
    MocInput,
    ReportingInput,
    save_reporting,
)
from cme_desktop.services.context import Context
from cme_desktop.services.editing import StaleEditError
from cme_desktop.ui.activities.common import ErrorLabel
from cme_desktop.ui.formatting import DATE_EDIT_FORMAT
from cme_desktop.ui.qtdates import pydate, qdate
from cme_desktop.ui.tasks import BackgroundTask

NOT_SET = QDate(2000, 1, 1)  # a claim-by date at this minimum shows "Not set"


def _yes_no(combo: QComboBox, value: bool | None) -> None:
    combo.setCurrentIndex({None: 0, True: 1, False: 2}[value])


def _yes_no_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem("Not decided", None)
    combo.addItem("Yes", True)
    combo.addItem("No", False)
    combo.setAccessibleName(name)
    return combo


class BoardRow:
    """The widgets of one board's registration in the grid."""

    def __init__(self, board: Board, grid: QGridLayout, row: int) -> None:
        self.board = board
        self.registered = QCheckBox(board.code)
        self.registered.setToolTip(board.name)
        self.types = {code: QCheckBox(label) for code, label in board.credit_types}
        self.points = QDoubleSpinBox()
        self.points.setRange(0, 999.75)
        self.points.setSingleStep(0.25)
        self.points.setDecimals(2)
        self.points.setAccessibleName(f"{board.code} MOC points")
        self.areas = QLineEdit()
        self.areas.setPlaceholderText("e.g. Internal Medicine; Cardiology")
        self.areas.setAccessibleName(f"{board.code} practice areas")
        self.areas.setMinimumWidth(220)
        self.must_pass = QCheckBox("Must pass")
        self.must_pass.setToolTip("Learners earn MOC only by passing the activity's assessment")
        self.claim_by = QDateEdit()
        self.claim_by.setCalendarPopup(True)
        self.claim_by.setDisplayFormat(DATE_EDIT_FORMAT)
        self.claim_by.setMinimumDate(NOT_SET)
        self.claim_by.setSpecialValueText("Not set")
        self.claim_by.setAccessibleName(f"{board.code} last day to claim")
        types = QWidget()
        types_layout = QHBoxLayout(types)
        types_layout.setContentsMargins(0, 0, 0, 0)
        for box in self.types.values():
            types_layout.addWidget(box)
        types_layout.addStretch(1)
        for column, widget in enumerate(
            (self.registered, types, self.points, self.areas, self.must_pass, self.claim_by)
        ):
            grid.addWidget(widget, row, column)
        self.registered.toggled.connect(self._enable)
        self._details = (types, self.points, self.areas, self.must_pass, self.claim_by)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for widget in self._details:
            widget.setEnabled(on)

    def fill(self, detail: ActivityReportingDetail) -> None:
        reg = next((m for m in detail.moc if m.board == self.board.code), None)
        self.registered.setChecked(reg is not None)
        for code, box in self.types.items():
            box.setChecked(reg is not None and code in reg.credit_types)
        self.points.setValue(reg.points_quarters / 4 if reg else 0)
        self.areas.setText("; ".join(reg.practice_areas) if reg else "")
        self.must_pass.setChecked(bool(reg and reg.requires_passing))
        self.claim_by.setDate(qdate(reg.claim_by) if reg and reg.claim_by else NOT_SET)
        self._content_area = reg.content_area if reg else None

    def value(self) -> MocInput | None:
        if not self.registered.isChecked():
            return None
        claim_by: date | None = None if self.claim_by.date() == NOT_SET else pydate(self.claim_by.date())
        return MocInput(
            self.board.code,
            tuple(code for code, box in self.types.items() if box.isChecked()),
            f"{self.points.value():.2f}",
            tuple(a.strip() for a in self.areas.text().split(";") if a.strip()),
            self.must_pass.isChecked(),
            getattr(self, "_content_area", None),
            claim_by,
        )


class ReportingDialog(QDialog):
    """Edit one activity's PARS and MOC fields over the version they were loaded at."""

    saved = Signal(object)  # ActivityReportingDetail

    def __init__(
        self, ctx: Context, title: str, detail: ActivityReportingDetail, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ctx, self.detail = ctx, detail
        self.setWindowTitle(f"PARS and MOC: {title}")
        self.setMinimumSize(1120, 600)

        self.pars_id = QLineEdit()
        self.pars_id.setPlaceholderText("Given by PARS once the activity is entered, e.g. 202600417")
        self.pars_id.setAccessibleName("PARS activity ID")
        self.finder = _yes_no_combo("Listed in CME Finder")
        self.fee = _yes_no_combo("Fee")
        self.registration = QComboBox()
        self.registration.setAccessibleName("Registration")
        self.registration.addItem("Not decided", None)
        for choice in FinderRegistration:
            self.registration.addItem(choice.label, str(choice))
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://cme.example.edu/…")
        self.url.setAccessibleName("Activity web address")
        self.measures = {m: QCheckBox(m.label) for m in OutcomeMeasure}
        pars_form = QFormLayout()
        pars_form.addRow("PARS &activity ID", self.pars_id)
        pars_form.addRow("Listed in CME &Finder", self.finder)
        pars_form.addRow("F&ee", self.fee)
        pars_form.addRow("Re&gistration", self.registration)
        pars_form.addRow("&Web address", self.url)
        measures = QGridLayout()
        for index, box in enumerate(self.measures.values()):
            measures.addWidget(box, index // 3, index % 3)
        pars_form.addRow("Outcome measures", measures)
        pars_box = QGroupBox("PARS (ACCME)")
        pars_box.setLayout(pars_form)

        self.attested = QCheckBox(
            "The activity meets the CME for MOC requirements of every board it is registered with (attestation)"
        )
        grid = QGridLayout()
        for column, text in enumerate(
            ("Board", "MOC credit types", "Points", "Practice areas", "", "Last day to claim")
        ):
            heading = QLabel(text)
            heading.setObjectName("columnHeading")
            grid.addWidget(heading, 0, column)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 3)
        self.boards = [BoardRow(board, grid, row) for row, board in enumerate(BOARDS.values(), start=1)]
        moc_box = QGroupBox("MOC registration (continuing certification)")
        moc_layout = QVBoxLayout(moc_box)
        moc_layout.addWidget(self.attested)
        moc_layout.addLayout(grid)
        hint = QLabel(
            "MOC points may be fewer than the AMA credit when only part of the activity qualifies. Learners' "
            "completions go to each board in Reports > MOC learner completions."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        moc_layout.addWidget(hint)

        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(pars_box)
        layout.addWidget(moc_box, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.fill(detail)

    def fill(self, detail: ActivityReportingDetail) -> None:
        self.detail = detail
        self.pars_id.setText(detail.pars_activity_id or "")
        _yes_no(self.finder, detail.cme_finder)
        _yes_no(self.fee, detail.finder_fee)
        self.registration.setCurrentIndex(max(0, self.registration.findData(detail.finder_registration)))
        self.url.setText(detail.finder_url or "")
        for measure, box in self.measures.items():
            box.setChecked(measure in detail.outcome_measures)
        self.attested.setChecked(detail.moc_attested)
        for row in self.boards:
            row.fill(detail)

    def reporting_input(self) -> ReportingInput:
        return ReportingInput(
            pars_activity_id=self.pars_id.text(),
            cme_finder=self.finder.currentData(),
            finder_fee=self.fee.currentData(),
            finder_registration=self.registration.currentData(),
            finder_url=self.url.text(),
            outcome_measures=tuple(str(m) for m, box in self.measures.items() if box.isChecked()),
            moc_attested=self.attested.isChecked(),
            moc=tuple(v for row in self.boards if (v := row.value()) is not None),
        )

    def save(self) -> None:
        data = self.reporting_input()
        self.error.say("")
        self.save_button.setEnabled(False)
        ctx, detail = self.ctx, self.detail
        BackgroundTask(
            self, lambda _p: save_reporting(ctx, detail.activity_id, data, detail.version), "Saving…"
        ).success(self._saved).failure(self._failed).run()

    def _saved(self, detail: ActivityReportingDetail) -> None:
        self.detail = detail
        self.saved.emit(detail)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.save_button.setEnabled(True)
        if isinstance(error, (StaleEditError, ValueError)):
            self.error.say(str(error))
            return True
        return False
