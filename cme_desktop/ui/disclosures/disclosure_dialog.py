"""Entering or revising one person's disclosure, as they filled it on paper or in a form."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.localtime import LocalTimeError, parse_date
from cme_desktop.domain.standard3 import NATURE_LABELS
from cme_desktop.domain.vocabulary import RelationshipNature
from cme_desktop.services.context import Context
from cme_desktop.services.standard3.disclosures import (
    DisclosureInput,
    DisclosureRow,
    RelationshipInput,
    enter_disclosure,
    revise_disclosure,
)
from cme_desktop.ui.tasks import BackgroundTask, show_error

COMPANY, NATURE, STARTED, ENDED = range(4)
W = TypeVar("W", bound=QWidget)


class DisclosureDialog(QDialog):
    """Either 'no financial relationships in the past 24 months', each relationship, or a refusal."""

    saved = Signal(object)  # the DisclosureRow as stored

    def __init__(
        self,
        ctx: Context,
        person_id: int,
        person_name: str,
        existing: DisclosureRow | None,
        company_names: list[str],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.person_id, self.existing = ctx, person_id, existing
        self.company_names = company_names
        self.relationship_ids: list[int | None] = []
        self.setWindowTitle(f"Disclosure: {person_name}")
        self.resize(820, 520)

        self.disclosed_on = QLineEdit(f"{(existing.disclosed_on if existing else today):%m/%d/%Y}")
        self.disclosed_on.setAccessibleName("Date disclosed")
        self.attested = QCheckBox("The person attests that this disclosure is complete and accurate")
        self.attested.setChecked(existing.attested if existing else True)
        self.none_choice = QRadioButton(
            "No financial relationships with ineligible companies in the past 24 months"
        )
        self.has_choice = QRadioButton("Financial relationships with ineligible companies (list each below)")
        self.refused_choice = QRadioButton("Refused to disclose (the person cannot take part)")
        self.choices = QButtonGroup(self)
        for button in (self.none_choice, self.has_choice, self.refused_choice):
            self.choices.addButton(button)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            ["Ineligible company", "Nature", "Started (optional)", "Ended (blank: ongoing)"]
        )
        self.table.setAccessibleName("Financial relationships")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(COMPANY, QHeaderView.ResizeMode.Stretch)
        for column, width in ((NATURE, 210), (STARTED, 140), (ENDED, 170)):
            self.table.setColumnWidth(column, width)
        self.add_button = QPushButton("Add relationship")
        self.remove_button = QPushButton("Remove relationship")
        self.add_button.clicked.connect(lambda: self.add_relationship())
        self.remove_button.clicked.connect(self.remove_selected)
        self.new_disclosure = QCheckBox("Record as a new disclosure (a new year, or something changed)")
        self.new_disclosure.setVisible(existing is not None)

        form = QFormLayout()
        form.addRow("Date disclosed", self.disclosed_on)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (self.attested, self.none_choice, self.has_choice, self.refused_choice):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        if existing is not None:
            stamp = f"Last recorded by {existing.recorded_by}."
            layout.addWidget(QLabel(stamp))
        layout.addWidget(self.new_disclosure)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if existing is not None:
            for rel in existing.relationships:
                self.add_relationship(rel.company, rel.nature, rel.started_on, rel.ended_on, rel.id)
        (
            self.refused_choice
            if existing and existing.refused
            else self.has_choice
            if existing and existing.relationships
            else self.none_choice
        ).setChecked(True)
        self.choices.buttonToggled.connect(self._enable_table)
        self._enable_table()

    def _enable_table(self) -> None:
        listing = self.has_choice.isChecked()
        for widget in (self.table, self.add_button, self.remove_button):
            widget.setEnabled(listing)

    def add_relationship(
        self,
        company: str = "",
        nature: RelationshipNature = RelationshipNature.CONSULTANT,
        started: date | None = None,
        ended: date | None = None,
        relationship_id: int | None = None,
    ) -> int:
        """Add a row to fill in; returns its index."""
        self.has_choice.setChecked(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        company_box = QComboBox()
        company_box.setEditable(True)
        company_box.addItems(self.company_names)
        company_box.setCurrentText(company)
        company_field = company_box.lineEdit()
        if company_field is not None:
            company_field.setPlaceholderText("Pick from the list or type a new company")
        nature_box = QComboBox()
        for kind in RelationshipNature:
            nature_box.addItem(NATURE_LABELS[kind].capitalize(), kind)
        nature_box.setCurrentIndex(list(RelationshipNature).index(nature))
        self.table.setCellWidget(row, COMPANY, company_box)
        self.table.setCellWidget(row, NATURE, nature_box)
        for column, value in ((STARTED, started), (ENDED, ended)):
            edit = QLineEdit(f"{value:%m/%d/%Y}" if value else "")
            edit.setPlaceholderText("MM/DD/YYYY")
            self.table.setCellWidget(row, column, edit)
        self.relationship_ids.append(relationship_id)
        company_box.setFocus()
        return row

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            del self.relationship_ids[row]

    def draft(self) -> DisclosureInput:
        """What the form says; a date that is not a date raises LocalTimeError with a sentence."""
        disclosed_on = parse_date(self.disclosed_on.text())
        relationships: list[RelationshipInput] = []
        if self.has_choice.isChecked():
            for row in range(self.table.rowCount()):
                company = self._cell(row, COMPANY, QComboBox).currentText()
                nature = self._cell(row, NATURE, QComboBox).currentData()
                started = self._date(row, STARTED)
                ended = self._date(row, ENDED)
                keep_id = None if self.new_disclosure.isChecked() else self.relationship_ids[row]
                relationships.append(
                    RelationshipInput(company, RelationshipNature(nature), started, ended, keep_id)
                )
        return DisclosureInput(
            self.person_id,
            disclosed_on,
            attested=self.attested.isChecked(),
            no_relationships=self.none_choice.isChecked(),
            refused=self.refused_choice.isChecked(),
            relationships=tuple(relationships),
        )

    def _date(self, row: int, column: int) -> date | None:
        text = self._cell(row, column, QLineEdit).text().strip()
        return parse_date(text) if text else None

    def _cell(self, row: int, column: int, kind: type[W]) -> W:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, kind)
        return widget

    def save(self) -> None:
        try:
            draft = self.draft()
        except LocalTimeError as error:
            show_error(self, str(error))
            return
        ctx, existing = self.ctx, self.existing
        if existing is None or self.new_disclosure.isChecked():
            work = lambda _p: enter_disclosure(ctx, draft)  # noqa: E731
        else:
            work = lambda _p: revise_disclosure(ctx, existing.id, existing.version, draft)  # noqa: E731
        self.buttons.setEnabled(False)
        BackgroundTask(self, work, "Saving the disclosure…").success(self._saved).failure(self._failed).run()

    def _saved(self, row: DisclosureRow) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(row)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.buttons.setEnabled(True)
        return False  # the task shows the sentence; the dialog stays open with what was typed
