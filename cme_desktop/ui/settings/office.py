"""Settings › Office: what the whole office shares through the database (DESIGN.md, "Office settings")."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.services.context import Context
from cme_desktop.services.office import settings as office
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.settings.accreditation import AccreditationBox
from cme_desktop.ui.settings.texting_mail import TextingMailBox
from cme_desktop.ui.tasks import BackgroundTask

US_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
)
QR_CHOICES = (("sms", "the phone's texting app, message filled in"), ("portal", "the portal address below"))
PAPER_CHOICES = (("letter", "US Letter"), ("a4", "A4"))


class FileField(QWidget):
    """A path with a Browse… button, for artwork on the office's shared drive."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("none")
        browse = QPushButton("Browse…")
        browse.clicked.connect(lambda: self._browse(caption))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(browse)

    def _browse(self, caption: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, caption, self.edit.text(), "Images (*.png *.jpg *.jpeg)")
        if path:
            self.edit.setText(path)


class OfficeSettingsTab(QWidget):
    TEXTS = (
        ("help_contact", "Help contact (email or phone)"),
        ("texting_number", "Texting number"),
        ("portal_url", "Portal address"),
        ("portal_url_template", "Portal address for QR codes"),
        ("verify_url", "Certificate verify address"),
        ("certificate_signer", "Signed by (name, title)"),
    )

    def __init__(self, ctx: Context, events: AppEvents) -> None:
        super().__init__()
        self.ctx, self.events = ctx, events
        self.edits: dict[str, QLineEdit] = {}
        for key, label in self.TEXTS:
            edit = QLineEdit()
            edit.setAccessibleName(label)
            self.edits[key] = edit
        self.edits["texting_number"].setPlaceholderText("(833) 558-2111")
        self.edits["portal_url_template"].setPlaceholderText(
            "empty: the portal's own, https://cme.example.edu/c/{code}"
        )
        self.edits["verify_url"].setPlaceholderText(
            "empty: the portal's own, https://cme.example.edu/verify/{code}"
        )
        self.accreditation = AccreditationBox()
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItems(US_ZONES)
        self.zone.setAccessibleName("Office time zone")
        self.qr_mode = QComboBox()
        for value, label in QR_CHOICES:
            self.qr_mode.addItem(label, value)
        self.paper = QComboBox()
        for value, label in PAPER_CHOICES:
            self.paper.addItem(label, value)
        self.logo = FileField("Office logo")
        self.signature = FileField("Signature image")
        self.validity = QSpinBox()
        self.validity.setRange(1, 36)
        self.validity.setSuffix(" months")

        office_box = self._group(
            "Office",
            ("Office time zone", self.zone),
            ("Help contact", self.edits["help_contact"]),
        )
        present_box = self._group(
            "Texting and the projector",
            ("Texting number", self.edits["texting_number"]),
            ("QR code opens", self.qr_mode),
            ("Portal address", self.edits["portal_url"]),
            ("Portal address for QR codes", self.edits["portal_url_template"]),
        )
        certificate_box = self._group(
            "Certificates",
            ("Paper", self.paper),
            ("Office logo", self.logo),
            ("Signature image", self.signature),
            ("Signed by", self.edits["certificate_signer"]),
            ("Verify address", self.edits["verify_url"]),
        )
        disclosure_box = self._group("Disclosures", ("A disclosure stays current for", self.validity))
        self.texting_mail = TextingMailBox(ctx)

        content = QWidget()
        column = QVBoxLayout(content)
        for box in (
            self.accreditation,
            office_box,
            present_box,
            certificate_box,
            disclosure_box,
            self.texting_mail,
        ):
            column.addWidget(box)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save office settings")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.status, 1)
        column.addLayout(buttons)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    @staticmethod
    def _group(title: str, *rows: tuple[str, QWidget]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for label, widget in rows:
            form.addRow(label, widget)
        return box

    def load(self) -> None:
        ctx = self.ctx
        BackgroundTask(self, lambda _p: office.load_settings(ctx)).success(self._fill).run()

    def _fill(self, settings: office.OfficeSettings) -> None:
        for key, edit in self.edits.items():
            edit.setText(str(getattr(settings, key)))
        self.accreditation.fill(settings)
        self.zone.setCurrentText(settings.office_timezone)
        self.qr_mode.setCurrentIndex(max(0, self.qr_mode.findData(settings.qr_mode)))
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.paper_size)))
        self.logo.edit.setText(settings.certificate_logo_path)
        self.signature.edit.setText(settings.certificate_signature_path)
        self.validity.setValue(settings.disclosure_valid_months)
        self.texting_mail.fill(settings)
        self.status.setText("")

    def values(self) -> dict[str, Any]:
        changes: dict[str, Any] = {key: edit.text().strip() for key, edit in self.edits.items()}
        changes.update(self.accreditation.values())
        changes["office_timezone"] = self.zone.currentText().strip()
        changes["qr_mode"] = self.qr_mode.currentData()
        changes["paper_size"] = self.paper.currentData()
        changes["certificate_logo_path"] = self.logo.edit.text().strip()
        changes["certificate_signature_path"] = self.signature.edit.text().strip()
        changes["disclosure_valid_months"] = self.validity.value()
        changes.update(self.texting_mail.values())
        return changes

    def save(self) -> None:
        ctx, changes = self.ctx, self.values()
        BackgroundTask(self, lambda _p: office.update_settings(ctx, changes)).success(self._saved).run()

    def _saved(self, _result: office.OfficeSettings) -> None:
        self.status.setText("Saved.")
        self.load()
