"""Settings: the office's shared settings (in the database) and this computer's database connection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cme_desktop import secrets
from cme_desktop.config import ConnectionProfile, resolve_database_url
from cme_desktop.services import office
from cme_desktop.services.connection import ConnectionCheck, check_connection
from cme_desktop.services.context import Context
from cme_desktop.ui import profile as profiles
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.tasks import BackgroundTask, show_error

SSL_MODES = ("prefer", "require", "verify-full", "disable")


class OfficeSettingsTab(QWidget):
    FIELDS = (
        ("provider_name", "Accredited provider"),
        ("office_timezone", "Office time zone"),
        ("texting_number", "Texting number"),
        ("help_contact", "Help contact"),
        ("portal_url", "Portal address"),
        ("verify_url", "Certificate verify address"),
    )

    def __init__(self, ctx: Context, events: AppEvents) -> None:
        super().__init__()
        self.ctx, self.events = ctx, events
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in self.FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(label)
            self.edits[key] = edit
            form.addRow(label, edit)
        self.statement = QPlainTextEdit()
        self.statement.setAccessibleName("Accreditation statement")
        self.statement.setFixedHeight(90)
        form.addRow("Accreditation statement", self.statement)
        self.save_button = QPushButton("Save office settings")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        form.addRow(self.save_button, self.status)

    def load(self) -> None:
        ctx = self.ctx
        BackgroundTask(self, lambda _p: office.get_settings(ctx)).success(self._fill).run()

    def _fill(self, values: dict[str, Any]) -> None:
        for key, edit in self.edits.items():
            edit.setText(str(values.get(key) or ""))
        self.statement.setPlainText(values.get("accreditation_statement") or "")

    def values(self) -> dict[str, Any]:
        changes: dict[str, Any] = {key: edit.text().strip() for key, edit in self.edits.items()}
        changes["accreditation_statement"] = self.statement.toPlainText().strip()
        return changes

    def save(self) -> None:
        ctx, changes = self.ctx, self.values()
        BackgroundTask(self, lambda _p: office.update_settings(ctx, changes)).success(self._saved).run()

    def _saved(self, _result: None) -> None:
        self.status.setText("Saved.")
        self.events.settings_changed.emit()


class DatabaseTab(QWidget):
    """Where this computer's data lives: its own SQLite file, or the office's shared PostgreSQL server."""

    def __init__(self, ctx: Context, switch_database: Callable[[str], None] | None) -> None:
        super().__init__()
        self.ctx = ctx
        self.switch_database = switch_database
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"In use now: <b>{ctx.db.description}</b>"))

        self.local_choice = QRadioButton("This computer only (a database file in your user folder)")
        self.shared_choice = QRadioButton("The office's shared PostgreSQL server")
        group = QButtonGroup(self)
        group.addButton(self.local_choice)
        group.addButton(self.shared_choice)
        layout.addWidget(self.local_choice)
        layout.addWidget(self.shared_choice)

        self.server = QGroupBox("Shared server")
        form = QFormLayout(self.server)
        self.host = QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("cme")
        self.user = QLineEdit()
        self.sslmode = QComboBox()
        self.sslmode.addItems(SSL_MODES)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for label, widget in (
            ("Host", self.host),
            ("Port", self.port),
            ("Database", self.database),
            ("User", self.user),
            ("SSL mode", self.sslmode),
            ("Password", self.password),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setObjectName("warningNote")
        form.addRow("", self.keyring_note)
        layout.addWidget(self.server)

        buttons = QHBoxLayout()
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self.test_connection)
        self.switch_button = QPushButton("Save and switch")
        self.switch_button.clicked.connect(self.save_and_switch)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("connectionResult")
        layout.addWidget(self.result)
        layout.addStretch(1)

        self.local_choice.toggled.connect(self._mode_changed)
        self._loaded = False

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        """Read the saved choice and the keyring when first shown, not at start-up (keyring is slow to load)."""
        if not self._loaded:
            self._loaded = True
            self._load()

    def _load(self) -> None:
        profile = profiles.load_profile()
        if profile is not None:
            self.host.setText(profile.host)
            self.port.setValue(profile.port)
            self.database.setText(profile.database)
            self.user.setText(profile.user)
            self.sslmode.setCurrentText(profile.sslmode)
            self.password.setText(profiles.stored_password(profile) or "")
        (self.shared_choice if profiles.load_mode() == profiles.SHARED else self.local_choice).setChecked(
            True
        )
        warning = secrets.backend_warning()
        self.keyring_note.setText(warning or "The password is kept in this computer's secure password store.")
        self._mode_changed()

    def _mode_changed(self) -> None:
        self.server.setEnabled(self.shared_choice.isChecked())

    def profile(self) -> ConnectionProfile:
        return ConnectionProfile(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            sslmode=self.sslmode.currentText(),
        )

    def _target_url(self) -> str:
        if self.local_choice.isChecked():
            return resolve_database_url(None)
        profile = self.profile()
        if not profile.host or not profile.database or not profile.user:
            raise ValueError("Enter the server's host, the database name and your user name.")
        return profile.url(self.password.text()).render_as_string(hide_password=False)

    def test_connection(self) -> None:
        try:
            url = self._target_url()
        except ValueError as error:
            self._show_check(ConnectionCheck(False, str(error)))
            return
        self.result.setText("Connecting…")
        self.test_button.setEnabled(False)
        BackgroundTask(self, lambda _p: check_connection(url)).success(self._show_check).run()

    def _show_check(self, check: ConnectionCheck) -> None:
        self.test_button.setEnabled(True)
        self.result.setText(("✔ " if check.ok else "✘ ") + check.message)
        self.result.setProperty("ok", check.ok)
        self.last_check = check

    def save_and_switch(self) -> None:
        try:
            url = self._target_url()
        except ValueError as error:
            show_error(self, str(error))
            return
        if self.shared_choice.isChecked():
            profile = self.profile()
            profiles.save_profile(profiles.SHARED, profile)
            if self.password.text() and secrets.backend_warning() is None:
                secrets.set_secret(profile.keyring_name, self.password.text())
        else:
            profiles.save_profile(profiles.LOCAL, None)
        if self.switch_database is not None:
            self.switch_database(url)


class SecurityTab(QWidget):
    """The office's SSN matching key: whether this computer has it, and carrying it to another computer."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        explanation = QLabel(
            "Last-4 SSN digits are never stored: CME Desk keeps a keyed hash of them, so that the seed's duplicate "
            "check (last name + last 4 digits) still finds an existing profile. Every computer of the office must "
            "hold the same key, kept in its secure password store."
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
        layout.addStretch(1)
        self._loaded = False

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def refresh(self) -> None:
        from cme_desktop.services.ssn_key import ssn_key_status

        ctx = self.ctx
        BackgroundTask(self, lambda _p: (ssn_key_status(ctx), secrets.backend_warning())).success(
            self._show
        ).run()

    def _show(self, result) -> None:  # type: ignore[no-untyped-def]
        status, warning = result
        if status.ready:
            text = "✔ SSN matching is on: this computer holds the office's key."
        elif not status.office_has_key:
            text = (
                "The office has no SSN matching key yet: it is created when the first last-4 SSN is entered."
            )
        else:
            text = "✘ " + status.notice
        if warning:
            text += "\n" + warning
        self.status.setText(text)
        self.export_button.setEnabled(status.ready)

    def export_key(self) -> None:
        from cme_desktop.services.ssn_key import export_ssn_key

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

        from cme_desktop.services.ssn_key import import_ssn_key

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


class SettingsPage(QWidget):
    title = "Settings"

    def __init__(
        self, ctx: Context, events: AppEvents, switch_database: Callable[[str], None] | None = None
    ) -> None:
        super().__init__()
        self.tabs = QTabWidget()
        self.office = OfficeSettingsTab(ctx, events)
        self.database = DatabaseTab(ctx, switch_database)
        self.tabs.addTab(self.office, "Office")
        self.tabs.addTab(self.database, "Database")
        self.security = SecurityTab(ctx)
        self.tabs.addTab(self.security, "Security")
        layout = QVBoxLayout(self)
        heading = QLabel("Settings")
        heading.setObjectName("pageHeading")
        layout.addWidget(heading)
        layout.addWidget(self.tabs)
        self._loaded = False

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.office.load()
