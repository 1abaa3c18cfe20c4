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
