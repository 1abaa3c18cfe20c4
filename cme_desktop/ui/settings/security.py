"""Settings › Security: the office's SSN matching key and the texting provider's token on this computer."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cme_desktop import secrets
from cme_desktop.services.context import Context
from cme_desktop.services.office.ssn_key import SsnKeyStatus
from cme_desktop.ui.tasks import BackgroundTask, show_error


class SecurityTab(QWidget):
    """The office's SSN matching key: whether this computer has it, and carrying it to another computer."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        explanation = QLabel(
            "Last-4 SSN digits are never stored: CME Desk keeps a keyed hash of them, so that the check for an "
            "existing profile (same last name and last 4 digits) still finds one. Every computer of the office "
            "must hold the same key, kept in its secure password store."
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("ssnKeyStatus")
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("Copy the key for another computer…")
        self.export_button.clicked.connect(self.export_key)
        self.import_button = QPushButton("Import the office's key…")
        self.import_button.clicked.connect(self.import_key)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        texting = QGroupBox("Texting web server (cme-desktop serve) on this computer")
        form = QFormLayout(texting)
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName("Texting provider's auth token")
        self.token.setPlaceholderText("Twilio auth token")
        save_token = QPushButton("Save in the keyring")
        save_token.clicked.connect(self.save_token)
        row = QHBoxLayout()
        row.addWidget(self.token, 1)
        row.addWidget(save_token)
        form.addRow("Auth token", row)
        self.token_status = QLabel()
        self.token_status.setWordWrap(True)
        form.addRow("", self.token_status)
        layout.addWidget(texting)
        layout.addStretch(1)
        self._loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def refresh(self) -> None:
        from cme_desktop.services.office.ssn_key import ssn_key_status

        ctx = self.ctx
        BackgroundTask(self, lambda _p: (ssn_key_status(ctx), secrets.backend_warning())).success(
            self._show
        ).run()

    def _show(self, result: tuple[SsnKeyStatus, str | None]) -> None:
        status, warning = result
        if status.ready:
            text = "✔ SSN matching is on: this computer holds the office's key."
        elif not status.office_has_key:
            text = (
                "The office has no SSN matching key yet: it is created when the first last-4 SSN is entered."
            )
        else:
            text = "✘ " + (status.notice or "")
        if warning:
            text += "\n" + warning
        self.status.setText(text)
        self.export_button.setEnabled(status.ready)
        self._show_token_status()

    def save_token(self) -> None:
        """Keep the provider's token for `cme-desktop serve` on this computer; never in a file."""
        token = self.token.text().strip()
        if not token:
            show_error(self, "Paste the auth token from the texting provider's console first.")
            return
        try:
            secrets.set_secret(secrets.TWILIO_TOKEN_NAME, token)
        except secrets.NoSecureKeyring as error:
            show_error(self, str(error))
            return
        self.token.clear()
        self._show_token_status()

    def _show_token_status(self) -> None:
        stored = secrets.get_secret(secrets.TWILIO_TOKEN_NAME) is not None
        self.token_status.setText(
            "✔ A token is saved; the web server on this computer checks every text's signature with it."
            if stored
            else "No token saved here. The web server can also read CME_TWILIO_AUTH_TOKEN on a server without a keyring."
        )

    def export_key(self) -> None:
        from cme_desktop.services.office.ssn_key import export_ssn_key

        ctx = self.ctx
        BackgroundTask(self, lambda _p: export_ssn_key(ctx)).success(self._show_key).run()

    def _show_key(self, key_text: str) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        QApplication.clipboard().setText(key_text)
        box = QMessageBox(self)
        box.setWindowTitle("The office's SSN matching key")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(
            "The key is on the clipboard. Paste it into Settings › Security › Import on the other computer, "
            "then clear the clipboard. Treat it like a password."
        )
        box.exec()

    def import_key(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from cme_desktop.services.office.ssn_key import import_ssn_key

        text, ok = QInputDialog.getText(
            self,
            "Import the office's key",
            "Paste the key copied from another computer of the office:",
            QLineEdit.EchoMode.Password,
        )
        if not ok or not text.strip():
            return
        ctx = self.ctx
        BackgroundTask(
            self, lambda _p: (import_ssn_key(ctx, text.strip()), secrets.backend_warning())
        ).success(self._show).run()
