"""Small pieces the Activities dialogs share: the inline error sentence and a yes/no question."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


class ErrorLabel(QLabel):
    """One sentence saying what stops the save, in red, right above the buttons; hidden while all is well."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formError")
        self.setStyleSheet("color: #b3261e; font-weight: 600;")
        self.setWordWrap(True)
        self.setAccessibleName("Problem")
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def confirm(parent: QWidget | None, title: str, text: str, yes: str, informative: str = "") -> bool:
    """Ask before something that cannot simply be undone; True only when the coordinator chose `yes`."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Question)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    result = box.exec()
    return box.clickedButton() is yes_button or result == int(QMessageBox.StandardButton.Yes)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class GuardedForm:
    """A form dialog that asks before Esc or Cancel throws away what was typed (issue 19: Esc discarded 30 fields).

    The dialog calls `mark_clean()` once its fields hold what was loaded (or the blank form), and says in
    `form_state()` what the fields hold now; `reject` asks only when the two differ.
    """

    _clean: object = None

    def form_state(self) -> object:
        raise NotImplementedError

    def mark_clean(self) -> None:
        self._clean = self._state()

    def _state(self) -> object:
        try:
            return self.form_state()
        except ValueError:
            return object()  # a field that cannot be read yet counts as changed

    def is_dirty(self) -> bool:
        return self._clean is not None and self._state() != self._clean

    def may_discard(self, parent: QWidget) -> bool:
        if not self.is_dirty():
            return True
        box = QMessageBox(parent)
        box.setWindowTitle("Discard changes?")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText("You have changes that are not saved. Discard them?")
        discard = box.addButton("Discard changes", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is discard
