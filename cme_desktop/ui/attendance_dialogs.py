"""Dialogs of the Attendance and Messages pages: pick a person, add a claim by hand, revoke with a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.services.context import Context
from cme_desktop.services.people.search import PersonSummary, search_people
from cme_desktop.ui.tasks import Reloader
from cme_desktop.ui.text import plain_label

DEBOUNCE_MS = 200


def person_label(p: PersonSummary, contact: bool = True) -> str:
    """'Jane Doe, MD · jane.doe@example.org'; without the contact on a public screen (the kiosk)."""
    name = f"{p.first_name} {p.last_name}" + (f", {p.degree}" if p.degree else "")
    extra = (p.primary_email or p.netid or "") if contact else ""
    return f"{name} · {extra}" if extra else name


class PersonPicker(QWidget):
    """Type a name, email, NetID or phone; pick one of the matches (searched off the GUI thread)."""

    chosen = Signal(object)
    searched = Signal()

    def __init__(
        self,
        ctx: Context,
        placeholder: str = "Name, email, NetID or phone",
        limit: int = 20,
        contact: bool = True,
        min_chars: int = 2,
    ) -> None:
        super().__init__()
        self.ctx, self.limit, self.contact, self.min_chars = ctx, limit, contact, min_chars
        self.field = QLineEdit()
        self.field.setPlaceholderText(placeholder)
        self.field.setAccessibleName("Find a person")
        self.matches = QListWidget()
        self.matches.setAccessibleName("Matching people")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.matches)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.search)
        self.loader: Reloader[list[PersonSummary]] = Reloader(self, self._show)
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.matches.currentItemChanged.connect(lambda item, _old: self.chosen.emit(self.person()))

    def search(self) -> None:
        text, ctx, limit = self.field.text().strip(), self.ctx, self.limit
        if len(text) < self.min_chars:
            self.loader.request(list)
        else:
            self.loader.request(lambda: search_people(ctx, text, limit=limit))

    def _show(self, found: list[PersonSummary]) -> None:
        self.matches.clear()
        for person in found:
            item = QListWidgetItem(person_label(person, self.contact))
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.matches.addItem(item)
        if found:
            self.matches.setCurrentRow(0)
        self.searched.emit()

    def person(self) -> PersonSummary | None:
        item = self.matches.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


class AddClaimDialog(QDialog):
    """Add attendance by hand: the person, a reason (always), and credits if they stayed only part of it."""

    def __init__(
        self, ctx: Context, session_label: str, max_credits: float, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add attendance by hand")
        self.picker = PersonPicker(ctx)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. Signed the paper sheet; phone had no signal")
        self.reason.setAccessibleName("Reason")
        self.credits = QDoubleSpinBox()
        self.credits.setRange(0.25, max_credits)
        self.credits.setSingleStep(0.25)
        self.credits.setValue(max_credits)
        self.credits.setAccessibleName("Credits")
        self.note = QLabel("")
        self.note.setObjectName("warningNote")
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Session", plain_label(session_label))
        form.addRow("Person", self.picker)
        form.addRow("Reason", self.reason)
        form.addRow("Credits", self.credits)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(520, 460)

    def _accept(self) -> None:
        if self.picker.person() is None:
            self.note.setText("Find and select the person first.")
        elif not self.reason.text().strip():
            self.note.setText("Give a reason: it is kept with the claim and in the audit log.")
        else:
            self.accept()


class ReasonDialog(QDialog):
    """Ask for a reason (revoking a claim)."""

    def __init__(self, title: str, prompt: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(lambda: self.accept() if self.reason.text().strip() else None)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = plain_label(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
