"""Settings › Database: where this computer's data lives (its own SQLite file, or the office's PostgreSQL server)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cme_desktop import secrets
from cme_desktop.config import ConnectionProfile, resolve_database_url
from cme_desktop.errors import AppError, InputError
from cme_desktop.services.context import Context
from cme_desktop.services.database.connection import ConnectionCheck, check_connection
from cme_desktop.services.database.opening import open_context, profile_url
from cme_desktop.ui import profile as profiles
from cme_desktop.ui.tasks import BackgroundTask, show_error
from cme_desktop.ui.text import escape, rich

SSL_MODES = ("prefer", "require", "verify-full", "disable")


class DatabaseTab(QWidget):
    """Where this computer's data lives: its own SQLite file, or the office's shared PostgreSQL server."""

    def __init__(self, ctx: Context, switch_database: Callable[[Context], None] | None) -> None:
        super().__init__()
        self.ctx = ctx
        self.switch_database = switch_database
        layout = QVBoxLayout(self)
        layout.addWidget(rich(f"In use now: <b>{escape(ctx.db.description)}</b>"))

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

    def showEvent(self, event: QShowEvent) -> None:
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
            raise InputError("Enter the server's host, the database name and your user name.")
        return profile_url(profile, self.password.text())

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
        """Open the chosen database first; only once it has opened is the choice saved and the app moved to it.
        A database that cannot be reached changes nothing: the next start opens the one in use now."""
        try:
            url = self._target_url()
        except ValueError as error:
            show_error(self, str(error))
            return
        self.switch_button.setEnabled(False)
        self.result.setText("Connecting…")
        BackgroundTask(self, lambda _p: open_context(url), "Opening the database…", retry=False).success(
            self._opened
        ).failure(self._not_opened).run()

    def _opened(self, ctx: Context) -> None:
        self.switch_button.setEnabled(True)
        if self.shared_choice.isChecked():
            profile = self.profile()
            profiles.save_profile(profiles.SHARED, profile)
            if self.password.text() and secrets.backend_warning() is None:
                secrets.set_secret(profile.keyring_name, self.password.text())
        else:
            profiles.save_profile(profiles.LOCAL, None)
        if self.switch_database is not None:
            self.switch_database(ctx)
        else:
            ctx.db.dispose()

    def _not_opened(self, error: BaseException) -> bool:
        self.switch_button.setEnabled(True)
        if not isinstance(error, AppError):
            return False
        self.result.setText("✘ " + str(error))
        box = QMessageBox(QMessageBox.Icon.Warning, "Switch database", str(error), parent=self)
        box.setInformativeText("Nothing was changed: CME Desk keeps working on the database in use now.")
        retry = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep the current database", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is retry:
            self.save_and_switch()
        return True
