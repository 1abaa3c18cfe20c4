"""Putting a person in control of an activity's content: find them, pick the role."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.standard3 import ROLE_LABELS
from cme_desktop.domain.vocabulary import RoleInActivity
from cme_desktop.services.context import Context
from cme_desktop.services.people.search import PersonSummary, search_people
from cme_desktop.services.standard3.disclosures import assign_role
from cme_desktop.ui.tasks import BackgroundTask, show_error


class AssignDialog(QDialog):
    assigned = Signal(object)  # the RoleRow
    found = Signal()

    def __init__(self, ctx: Context, activity_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.activity_id = ctx, activity_id
        self.setWindowTitle("Assign a person to this activity")
        self.resize(520, 440)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Name, email, NetID or NPI")
        self.search.setAccessibleName("Find a person")
        self.results = QListWidget()
        self.results.setAccessibleName("People found")
        self.role = QComboBox()
        for role in RoleInActivity:
            self.role.addItem(ROLE_LABELS[role].capitalize(), role)
        form = QFormLayout()
        form.addRow("Find", self.search)
        form.addRow("Role", self.role)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.results, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Assign")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(250)
        self.debounce.timeout.connect(self.find_people)
        self.search.textChanged.connect(lambda _t: self.debounce.start())
        self.results.itemDoubleClicked.connect(lambda _i: self.save())

    def find_people(self) -> None:
        ctx, text = self.ctx, self.search.text()
        BackgroundTask(self, lambda _p: search_people(ctx, text, limit=30)).success(self._show).run()

    def _show(self, people: list[PersonSummary]) -> None:
        self.results.clear()
        for person in people:
            name = f"{person.first_name} {person.last_name}" + (f", {person.degree}" if person.degree else "")
            item = QListWidgetItem(f"{name}    {person.primary_email or ''}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.results.addItem(item)
        if people:
            self.results.setCurrentRow(0)
        self.found.emit()

    def save(self) -> None:
        item = self.results.currentItem()
        if item is None:
            show_error(self, "Find the person first, then pick them in the list.")
            return
        ctx, activity_id = self.ctx, self.activity_id
        person_id, role = int(item.data(Qt.ItemDataRole.UserRole)), RoleInActivity(self.role.currentData())
        BackgroundTask(self, lambda _p: assign_role(ctx, activity_id, person_id, role)).success(
            self._assigned
        ).run()

    def _assigned(self, row: object) -> None:
        self.assigned.emit(row)
        self.accept()
