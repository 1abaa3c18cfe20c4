"""Settings › Office › Accreditation: the office's accreditations, declared once (DOMAIN.md, "Credit").

What the office declares here decides which credit it may designate and which statements its certificates,
transcripts and handouts carry; the box says so as the coordinator fills it in.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from cme_desktop.domain.accreditation import ACCME, Accreditation, NursingAccreditation
from cme_desktop.domain.vocabulary import CreditType
from cme_desktop.services.office.settings import OfficeSettings

NOT_ACCREDITED = "none"
STATE_SOCIETY = "state"
PHYSICIAN_CHOICES = (
    (NOT_ACCREDITED, "Not accredited for physicians"),
    (ACCME, "The ACCME"),
    (STATE_SOCIETY, "A state medical society (name below)"),
)
NURSING_CHOICES = (
    (NursingAccreditation.NONE.value, "Not accredited for nurses"),
    (NursingAccreditation.ACCREDITED.value, "An ANCC accredited provider"),
    (NursingAccreditation.APPROVED.value, "An approved provider (approver below)"),
)


class AccreditationBox(QGroupBox):
    """The provider, its address and its accreditations, with what they allow shown as they are chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Accreditation", parent)
        self.provider = QLineEdit()
        self.provider.setAccessibleName("Accredited provider")
        self.provider.setPlaceholderText("The name on certificates, e.g. Lowcountry Medical University")
        self.address = QLineEdit()
        self.address.setAccessibleName("Address or web address")
        self.address.setPlaceholderText("171 Ashley Avenue, Charleston, SC 29425, or https://cme.example.edu")
        self.physicians = QComboBox()
        self.physicians.setAccessibleName("Accredited for physicians by")
        for value, label in PHYSICIAN_CHOICES:
            self.physicians.addItem(label, value)
        self.society = QLineEdit()
        self.society.setAccessibleName("State medical society")
        self.society.setPlaceholderText("e.g. South Carolina Medical Association")
        self.nursing = QComboBox()
        self.nursing.setAccessibleName("Nursing accreditation")
        for value, label in NURSING_CHOICES:
            self.nursing.addItem(label, value)
        self.approver = QLineEdit()
        self.approver.setAccessibleName("Accredited approver")
        self.approver.setPlaceholderText("e.g. South Carolina Nurses Association")
        self.pharmacy = QCheckBox("Accredited by the ACPE for pharmacists")
        self.joint = QCheckBox("Jointly accredited (ACCME, ACPE and ANCC)")
        self.joint.setToolTip(
            "Joint Accreditation covers physicians, nurses and pharmacists, and allows IPCE credit."
        )
        self.allows = QLabel()
        self.allows.setObjectName("formNote")
        self.allows.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Accredited provider", self.provider)
        form.addRow("Address or web address", self.address)
        form.addRow("Physicians", self.physicians)
        form.addRow("State medical society", self.society)
        form.addRow("Nurses", self.nursing)
        form.addRow("Approved by", self.approver)
        form.addRow("", self.pharmacy)
        form.addRow("", self.joint)
        form.addRow("", self.allows)
        for signal in (
            self.physicians.currentIndexChanged,
            self.nursing.currentIndexChanged,
            self.pharmacy.toggled,
            self.joint.toggled,
            self.provider.textChanged,
            self.address.textChanged,
            self.society.textChanged,
            self.approver.textChanged,
        ):
            signal.connect(self._explain)
        self._explain()

    def fill(self, settings: OfficeSettings) -> None:
        self.provider.setText(settings.provider_name)
        self.address.setText(settings.provider_address)
        accreditor = settings.physician_accreditor.strip()
        if not accreditor:
            choice = NOT_ACCREDITED
        elif accreditor.upper() == ACCME:
            choice = ACCME
        else:
            choice = STATE_SOCIETY
            self.society.setText(accreditor)
        self.physicians.setCurrentIndex(self.physicians.findData(choice))
        self.nursing.setCurrentIndex(max(0, self.nursing.findData(settings.nursing_accreditation)))
        self.approver.setText(settings.nursing_approver)
        self.pharmacy.setChecked(settings.acpe_accredited)
        self.joint.setChecked(settings.jointly_accredited)
        self._explain()

    def values(self) -> dict[str, Any]:
        choice = self.physicians.currentData()
        accreditor = {NOT_ACCREDITED: "", ACCME: ACCME}.get(choice, self.society.text().strip())
        return {
            "provider_name": self.provider.text().strip(),
            "provider_address": self.address.text().strip(),
            "physician_accreditor": accreditor,
            "nursing_accreditation": self.nursing.currentData(),
            "nursing_approver": self.approver.text().strip(),
            "acpe_accredited": self.pharmacy.isChecked(),
            "jointly_accredited": self.joint.isChecked(),
        }

    def accreditation(self) -> Accreditation:
        v = self.values()
        return Accreditation(
            provider=v["provider_name"],
            address=v["provider_address"],
            physician_accreditor=v["physician_accreditor"],
            nursing=NursingAccreditation(v["nursing_accreditation"]),
            nursing_approver=v["nursing_approver"],
            pharmacy=v["acpe_accredited"],
            joint=v["jointly_accredited"],
        )

    def _explain(self) -> None:
        joint = self.joint.isChecked()
        for widget in (self.physicians, self.nursing, self.pharmacy):
            widget.setEnabled(not joint)
        self.society.setEnabled(not joint and self.physicians.currentData() == STATE_SOCIETY)
        self.approver.setEnabled(not joint and self.nursing.currentData() == NursingAccreditation.APPROVED)
        accreditation = self.accreditation()
        allowed = [t.label for t in CreditType if t != CreditType.PARTICIPATION and accreditation.holds(t)]
        lines = [
            "The office may designate: "
            + (", ".join(allowed) if allowed else "no credit (participation only).")
        ]
        gaps = accreditation.missing()
        if gaps:
            lines.append("Before certificates can be printed, fill in: " + "; ".join(gaps) + ".")
        self.allows.setText("\n".join(lines))
