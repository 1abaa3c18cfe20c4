"""Verify a certificate someone shows: type or scan its code, see whose it is and whether it still stands."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.services.certificates.verifying import Verification, verify
from cme_desktop.services.context import Context
from cme_desktop.ui.tasks import BackgroundTask
from cme_desktop.ui.text import grow_to_fit

_COLOURS = {"valid": "#1d6b34", "revoked": "#a61b1b", "unknown": "#a61b1b", "malformed": "#8a5a00"}


class VerifyDialog(QDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Verify a certificate")
        self.code = QLineEdit()
        self.code.setPlaceholderText("K7QF-3M9X-T2PD, or the address from the QR code")
        self.code.setAccessibleName("Verification code")
        self.check = QPushButton("Check")
        self.check.setDefault(True)
        self.outcome = QLabel("Type the code printed on the certificate.")
        self.outcome.setWordWrap(True)
        self.outcome.setMinimumWidth(460)
        self.last: Verification | None = None
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.outcome)
        layout.addWidget(buttons)
        self.check.clicked.connect(self.run_check)
        self.code.returnPressed.connect(self.run_check)

    def run_check(self) -> None:
        ctx, typed = self.ctx, self.code.text()
        self.check.setEnabled(False)
        BackgroundTask(self, lambda _p: verify(ctx, typed)).success(self._show).failure(self._failed).run()

    def _failed(self, error: BaseException) -> bool:
        self.check.setEnabled(True)
        return False

    def _show(self, result: Verification) -> None:
        self.check.setEnabled(True)
        self.last = result
        lines = [f"<b style='color:{_COLOURS[result.status]}'>{escape(result.message)}</b>"]
        if result.learner:
            when = f"{result.day:%B} {result.day.day}, {result.day.year}" if result.day else ""
            activity = escape(result.activity or "") + (f" ({escape(result.topic)})" if result.topic else "")
            lines += [
                f"Code: {escape(result.code)}",
                f"Learner: {escape(result.learner)}",
                f"Activity: {activity}",
                f"Date: {when}",
                f"Credits: {escape(result.credits or '')}",
            ]
        self.outcome.setText("<br>".join(lines))
        grow_to_fit(self)
