"""The activity form's credit designations (one row per credit type) and commercial support (one row per source)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.uan import EXAMPLE as UAN_EXAMPLE
from cme_desktop.domain.vocabulary import CreditType
from cme_desktop.services.activities.model import ActivityError, DesignationInput, SupportInput
from cme_desktop.ui.text import rich

UNITS = {
    CreditType.AMA_PRA_1: "credits",
    CreditType.NURSING: "contact hours",
    CreditType.PHARMACY: "contact hours",
    CreditType.IPCE: "credits",
    CreditType.PARTICIPATION: "hours",
}


class DesignationsEditor(QWidget):
    """A fixed grid: tick a credit type, give its maximum (0.25 steps) for the whole activity or per session, and
    for pharmacy the ACPE UAN. Once the first session has started (`lock`), designations can only be lowered:
    credit is designated in advance, never retroactively (DOMAIN.md, "Credit")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(rich("<b>Credit type</b>"), 0, 0)
        grid.addWidget(rich("<b>Maximum</b>"), 0, 1, 1, 3)
        self.checks: dict[CreditType, QCheckBox] = {}
        self.maxima: dict[CreditType, QDoubleSpinBox] = {}
        self.per_session: dict[CreditType, QCheckBox] = {}
        self.before: dict[str, tuple[int, bool]] = {}
        for row, credit_type in enumerate(CreditType, start=1):
            check = QCheckBox(credit_type.label)
            amount = QDoubleSpinBox()
            amount.setRange(0, 9999.75)
            amount.setDecimals(2)
            amount.setSingleStep(0.25)
            amount.setValue(1)
            amount.setAccessibleName(f"Maximum {credit_type.label}")
            amount.setEnabled(False)
            check.toggled.connect(amount.setEnabled)
            each = QCheckBox("per session")
            each.setToolTip("The maximum applies to each session (a series designated session by session)")
            each.setEnabled(False)
            check.toggled.connect(each.setEnabled)
            self.checks[credit_type], self.maxima[credit_type] = check, amount
            self.per_session[credit_type] = each
            grid.addWidget(check, row, 0)
            grid.addWidget(amount, row, 1)
            grid.addWidget(QLabel(UNITS[credit_type]), row, 2)
            grid.addWidget(each, row, 3)
        self.uan = QLineEdit()
        self.uan.setPlaceholderText(UAN_EXAMPLE)
        self.uan.setAccessibleName("ACPE UAN")
        self.uan.setEnabled(False)
        self.checks[CreditType.PHARMACY].toggled.connect(self.uan.setEnabled)
        uan_row = QHBoxLayout()
        uan_row.addSpacing(24)
        uan_row.addWidget(QLabel("UAN"))
        uan_row.addWidget(self.uan, 1)
        grid.addLayout(uan_row, len(CreditType) + 1, 0, 1, 4)
        self.locked_note = QLabel()
        self.locked_note.setObjectName("hint")
        self.locked_note.setWordWrap(True)
        self.locked_note.hide()
        grid.addWidget(self.locked_note, len(CreditType) + 2, 0, 1, 4)
        grid.setColumnStretch(0, 1)

    def set_designations(self, items: tuple[DesignationInput, ...]) -> None:
        for check in self.checks.values():
            check.setChecked(False)
        self.before = {}
        for item in items:
            credit_type = CreditType(str(item.credit_type))
            self.checks[credit_type].setChecked(True)
            self.maxima[credit_type].setValue(float(Decimal(str(item.max_credits))))
            self.per_session[credit_type].setChecked(item.per_session)
            self.before[credit_type] = (int(Decimal(str(item.max_credits)) * 4), item.per_session)
            if credit_type == CreditType.PHARMACY:
                self.uan.setText(item.uan or "")

    def lock(self, since: str) -> None:
        """The first session started (`since`, as said to a person): only lowering stays possible."""
        for credit_type, check in self.checks.items():
            held = credit_type in self.before
            if not held:
                check.setEnabled(False)  # no credit type added after the fact
            else:
                self.maxima[credit_type].setMaximum(self.before[credit_type][0] / 4)
            self.per_session[credit_type].setEnabled(False)
            self.per_session[credit_type].setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.locked_note.setText(
            f"The first session started {since}: designations can be lowered (you will be asked why), but not "
            "raised or added, because credit is designated in advance."
        )
        self.locked_note.show()

    def lowered(self) -> bool:
        """Whether the form lowers or removes a designation it was loaded with."""
        wanted = {d.credit_type: int(Decimal(str(d.max_credits)) * 4) for d in self.designations()}
        return any(wanted.get(t, 0) < quarters for t, (quarters, _) in self.before.items())

    def designations(self) -> tuple[DesignationInput, ...]:
        return tuple(
            DesignationInput(
                credit_type,
                Decimal(str(round(self.maxima[credit_type].value(), 2))),
                self.uan.text() if credit_type == CreditType.PHARMACY else None,
                self.per_session[credit_type].isChecked(),
            )
            for credit_type, check in self.checks.items()
            if check.isChecked()
        )


MONETARY, IN_KIND = "Monetary", "In kind"
W = TypeVar("W", bound=QWidget)


class SupportEditor(QWidget):
    """Commercial support: none, or each source with a monetary amount or in kind (PARS asks for both)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.has_support = QCheckBox("This activity receives commercial support")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Source (company)", "Kind", "Amount (US$)"])
        self.table.setAccessibleName("Commercial support")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(2, 120)
        self.table.setMinimumHeight(110)
        self.add_button = QPushButton("Add source")
        self.remove_button = QPushButton("Remove source")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_row)
        self.has_support.toggled.connect(self._toggled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.has_support)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._toggled(False)

    def _toggled(self, on: bool) -> None:
        for widget in (self.table, self.add_button, self.remove_button):
            widget.setEnabled(on)
        if on and self.table.rowCount() == 0:
            self.add_row()

    def add_row(self, source: str = "", in_kind: bool = False, amount_cents: int | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QLineEdit(source)
        name.setAccessibleName("Support source")
        name.setPlaceholderText("Company name")
        kind = QComboBox()
        kind.addItems([MONETARY, IN_KIND])
        kind.setCurrentIndex(1 if in_kind else 0)
        amount = QLineEdit("" if amount_cents is None else f"{amount_cents / 100:,.2f}")
        amount.setAccessibleName("Support amount")
        amount.setPlaceholderText("2,500.00")
        self.table.setCellWidget(row, 0, name)
        self.table.setCellWidget(row, 1, kind)
        self.table.setCellWidget(row, 2, amount)
        name.setFocus()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        self.table.removeRow(row if row >= 0 else self.table.rowCount() - 1)
        if self.table.rowCount() == 0:
            self.has_support.setChecked(False)

    def set_support(self, items: tuple[SupportInput, ...]) -> None:
        self.table.setRowCount(0)
        self.has_support.setChecked(bool(items))
        self.table.setRowCount(0)
        for item in items:
            self.add_row(item.source, item.in_kind, item.amount_cents)
        self._toggled(bool(items))

    def support(self) -> tuple[SupportInput, ...]:
        """The rows as typed; an amount that is not money is refused here with a sentence."""
        if not self.has_support.isChecked():
            return ()
        result = []
        for row in range(self.table.rowCount()):
            name = self._cell(row, 0, QLineEdit).text().strip()
            in_kind = self._cell(row, 1, QComboBox).currentText() == IN_KIND
            amount_text = self._cell(row, 2, QLineEdit).text().strip()
            if not name and not amount_text:
                continue
            result.append(SupportInput(name, in_kind, cents(amount_text, name)))
        if not result:
            raise ActivityError(
                "Name at least one source of commercial support, or untick 'This activity receives commercial "
                "support'."
            )
        return tuple(result)

    def _cell(self, row: int, column: int, kind: type[W]) -> W:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, kind)
        return widget


def cents(text: str, source: str) -> int | None:
    """'2,500.00' or '$2500' -> 250000; '' -> None."""
    cleaned = text.replace("$", "").replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    if not re.fullmatch(r"\d+(\.\d{1,2})?", cleaned):
        who = f"from {source} " if source else ""
        raise ActivityError(
            f"The amount {who}'{text}' is not a sum of money; write it like 2500 or 2,500.00."
        )
    return int(Decimal(cleaned) * 100)
