"""Settings › Office › Texting, mail and the portal (its colour and single sign-on): how phones are linked by text, the office's Twilio account and numbers,
the mail server (its password goes to this computer's keyring), and how long texts are kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from cme_desktop.secrets import OIDC_SECRET_NAME, NoSecureKeyring, set_secret
from cme_desktop.services.context import Context
from cme_desktop.services.mail.config import PASSWORD_NAME, mail_config, mail_server_named
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.mail.sending import send
from cme_desktop.services.office import settings as office
from cme_desktop.ui.tasks import BackgroundTask


class TextingMailBox(QGroupBox):
    """The texting-and-mail group of the office settings; the tab saves its `values()` with the rest."""

    def __init__(self, ctx: Context) -> None:
        super().__init__("Texting, mail and the portal")
        self.ctx = ctx
        self.linking = QComboBox()
        for value, label in office.PHONE_LINKING.items():
            self.linking.addItem(label, value)
        self.linking.setAccessibleName("Linking a phone by text")
        self.linking.setToolTip(
            "Without a mail server, link at once: such phones are unconfirmed and their claims are flagged for "
            "review on the Attendance page."
        )
        self.account = QLineEdit()
        self.account.setPlaceholderText("AC… (Twilio Console); empty: any account")
        self.account.setAccessibleName("Twilio account SID")
        self.numbers = QLineEdit()
        self.numbers.setPlaceholderText("other numbers learners text, comma-separated")
        self.numbers.setAccessibleName("Other texting numbers")
        self.host = QLineEdit()
        self.host.setPlaceholderText("smtp.example.edu (or CME_SMTP_URL on the server)")
        self.host.setAccessibleName("Mail server")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setAccessibleName("Mail server port")
        self.security = QComboBox()
        for value, label in office.SMTP_SECURITY.items():
            self.security.addItem(label, value)
        self.security.setAccessibleName("Mail encryption")
        self.user = QLineEdit()
        self.user.setAccessibleName("Mail user name")
        self.mail_from = QLineEdit()
        self.mail_from.setPlaceholderText("cme@example.edu")
        self.mail_from.setAccessibleName("Mail sent from")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("kept in this computer's keyring")
        self.password.setAccessibleName("Mail password")
        save_password = QPushButton("Save password")
        save_password.clicked.connect(self._save_password)
        test = QPushButton("Send a test email")
        test.clicked.connect(self._send_test)
        password_row = QWidget()
        row = QHBoxLayout(password_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.password, 1)
        row.addWidget(save_password)
        row.addWidget(test)
        self.retention = QSpinBox()
        self.retention.setRange(7, 3650)
        self.retention.setSuffix(" days")
        self.retention.setAccessibleName("Keep texts for")
        # The learner portal: its colour and the institution's single sign-on (OpenID Connect).
        self.colour = QLineEdit()
        self.colour.setPlaceholderText("#1d4f91")
        self.colour.setAccessibleName("Portal colour")
        self.colour.setToolTip("The office's colour on the portal; text on it is kept readable.")
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("https://login.example.edu (empty: sign-in by emailed code only)")
        self.issuer.setAccessibleName("Sign-on issuer address")
        self.client_id = QLineEdit()
        self.client_id.setAccessibleName("Sign-on client ID")
        self.netid_claim = QLineEdit()
        self.netid_claim.setPlaceholderText("preferred_username")
        self.netid_claim.setAccessibleName("Claim holding the NetID")
        self.sso_label = QLineEdit()
        self.sso_label.setPlaceholderText("MUSC NetID")
        self.sso_label.setAccessibleName("Sign-on button")
        self.client_secret = QLineEdit()
        self.client_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.client_secret.setPlaceholderText("kept in this computer's keyring (or CME_OIDC_CLIENT_SECRET)")
        self.client_secret.setAccessibleName("Sign-on client secret")
        save_secret = QPushButton("Save secret")
        save_secret.clicked.connect(self._save_client_secret)
        secret_row = QWidget()
        secret_layout = QHBoxLayout(secret_row)
        secret_layout.setContentsMargins(0, 0, 0, 0)
        secret_layout.addWidget(self.client_secret, 1)
        secret_layout.addWidget(save_secret)
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Linking a phone by text", self.linking)
        form.addRow("Twilio account SID", self.account)
        form.addRow("Other texting numbers", self.numbers)
        form.addRow("Mail server (SMTP)", self.host)
        form.addRow("Port", self.port)
        form.addRow("Encryption", self.security)
        form.addRow("User name", self.user)
        form.addRow("Password", password_row)
        form.addRow("Mail sent from", self.mail_from)
        form.addRow("Keep texts for", self.retention)
        form.addRow("Portal colour", self.colour)
        form.addRow("Sign-on issuer (OpenID Connect)", self.issuer)
        form.addRow("Sign-on client ID", self.client_id)
        form.addRow("Sign-on client secret", secret_row)
        form.addRow("Claim holding the NetID", self.netid_claim)
        form.addRow("Sign-on button says", self.sso_label)
        form.addRow("", self.note)

    def fill(self, settings: office.OfficeSettings) -> None:
        self.linking.setCurrentIndex(max(0, self.linking.findData(settings.phone_linking)))
        self.account.setText(settings.twilio_account_sid)
        self.numbers.setText(settings.other_texting_numbers)
        self.host.setText(settings.smtp_host)
        self.port.setValue(settings.smtp_port)
        self.security.setCurrentIndex(max(0, self.security.findData(settings.smtp_security)))
        self.user.setText(settings.smtp_user)
        self.mail_from.setText(settings.mail_from)
        self.retention.setValue(settings.text_retention_days)
        self.colour.setText(settings.portal_colour)
        self.issuer.setText(settings.sso_issuer_url)
        self.client_id.setText(settings.sso_client_id)
        self.netid_claim.setText(settings.sso_netid_claim)
        self.sso_label.setText(settings.sso_button_label)
        no_mail = settings.phone_linking == "email_code" and not mail_server_named(settings)
        self.note.setText(
            "⚠ No mail server is set, so the codes that link phones cannot be sent: set one, or link phones at once."
            if no_mail
            else ""
        )

    def values(self) -> dict[str, Any]:
        return {
            "phone_linking": self.linking.currentData(),
            "twilio_account_sid": self.account.text().strip(),
            "other_texting_numbers": self.numbers.text().strip(),
            "smtp_host": self.host.text().strip(),
            "smtp_port": self.port.value(),
            "smtp_security": self.security.currentData(),
            "smtp_user": self.user.text().strip(),
            "mail_from": self.mail_from.text().strip(),
            "text_retention_days": self.retention.value(),
            "portal_colour": self.colour.text().strip() or "#1d4f91",
            "sso_issuer_url": self.issuer.text().strip(),
            "sso_client_id": self.client_id.text().strip(),
            "sso_netid_claim": self.netid_claim.text().strip() or "preferred_username",
            "sso_button_label": self.sso_label.text().strip(),
        }

    def _save_password(self) -> None:
        try:
            set_secret(PASSWORD_NAME, self.password.text())
        except NoSecureKeyring as error:
            self.note.setText(str(error))
            return
        self.password.clear()
        self.note.setText("✔ The mail password is saved in this computer's keyring.")

    def _save_client_secret(self) -> None:
        try:
            set_secret(OIDC_SECRET_NAME, self.client_secret.text())
        except NoSecureKeyring as error:
            self.note.setText(str(error))
            return
        self.client_secret.clear()
        self.note.setText(
            "✔ The sign-on client secret is saved in this computer's keyring: the web server reads it from "
            "its own keyring, so save it on the server (or set CME_OIDC_CLIENT_SECRET there)."
        )

    def _send_test(self) -> None:
        ctx = self.ctx

        def work(_progress: Any) -> str:
            settings = office.load_settings(ctx)
            config = mail_config(settings)
            if config is None:
                return "No mail server is set: fill in the mail server and save first."
            mail = OutgoingMail(
                config.sender,
                "CME Desk test email",
                "This is a test email from CME Desk: mail to learners will go out this way.",
                "<p>This is a test email from CME Desk: mail to learners will go out this way.</p>",
                "test email",
            )
            send(config, mail)
            return f"✔ A test email went to {config.sender}."

        BackgroundTask(self, work, "Sending a test email…").success(self.note.setText).run()
