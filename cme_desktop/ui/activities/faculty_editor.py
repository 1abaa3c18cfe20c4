"""Who teaches a session, chosen from profiles: each is faculty of the activity under Standard 3 (DOMAIN.md,
"Disclosure": every session speaker is faculty, so each needs a profile and a current disclosure)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.services.activities.faculty import FacultyMember
from cme_desktop.services.context import Context
from cme_desktop.services.people.search import PersonSummary
from cme_desktop.ui.attendance_dialogs import PersonPicker


class FacultyEditor(QWidget):
    """The session's speakers as a list of people, with a finder to add one and a button to take one off."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen = QListWidget()
        self.chosen.setAccessibleName("Speakers of this session")
        self.chosen.setMaximumHeight(86)
        self.picker = PersonPicker(ctx, "Find a speaker by name, email or NetID", limit=8)
        self.picker.matches.setMaximumHeight(86)
        self.picker.matches.hide()  # shown once a search finds someone
        self.picker.searched.connect(lambda: self.picker.matches.setVisible(self.picker.matches.count() > 0))
        self.add_button = QPushButton("Add as speaker")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(self.add_chosen)
        self.remove_button.clicked.connect(self.remove_selected)
        self.picker.matches.itemDoubleClicked.connect(lambda _item: self.add_chosen())
        self.empty = QLabel("No speaker chosen: names typed below are matched to profiles when you save.")
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chosen)
        layout.addWidget(self.empty)
        layout.addWidget(self.picker)
        layout.addLayout(buttons)
        self._update()

    def set_faculty(self, faculty: tuple[FacultyMember, ...]) -> None:
        self.chosen.clear()
        for member in faculty:
            self._add(member.person_id, member.name, member.note)
        self._update()

    def faculty(self) -> tuple[int, ...]:
        return tuple(
            int(self.chosen.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(self.chosen.count())
        )

    def add_chosen(self) -> None:
        person: PersonSummary | None = self.picker.person()
        if person is None or person.id in self.faculty():
            return
        name = f"{person.first_name} {person.last_name}" + (f", {person.degree}" if person.degree else "")
        self._add(person.id, name, None)
        self.picker.field.clear()
        self._update()

    def remove_selected(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self._update()

    def _add(self, person_id: int, name: str, note: str | None) -> None:
        item = QListWidgetItem(f"⚠ {name}" if note else name)
        item.setData(Qt.ItemDataRole.UserRole, person_id)
        if note:
            item.setToolTip(note)
        self.chosen.addItem(item)

    def _update(self) -> None:
        has = self.chosen.count() > 0
        self.chosen.setVisible(has)
        self.empty.setVisible(not has)
        self.remove_button.setEnabled(has)
