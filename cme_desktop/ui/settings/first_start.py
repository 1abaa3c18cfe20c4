"""The first start on a new database: who the office is and which accreditations it holds, asked once, before the
first certificate (issue 14). It can wait: nothing is printed until it is filled in, and Settings › Office keeps it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from cme_desktop import APP_NAME
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import OfficeSettings, update_settings
from cme_desktop.ui.activities.common import ErrorLabel
from cme_desktop.ui.settings.accreditation import AccreditationBox
from cme_desktop.ui.tasks import BackgroundTask
from cme_desktop.ui.text import rich


class FirstStartDialog(QDialog):
    def __init__(self, ctx: Context, settings: OfficeSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        intro = rich(
            "<b>Before the first certificate: your office's accreditation.</b><br>"
            "Certificates and transcripts state it, and it decides which credit your activities may offer "
            "(AMA PRA Category 1 Credit™, nursing contact hours, pharmacy credit, IPCE). You can fill it in later "
            "in Settings › Office; nothing is printed until you do."
        )
        intro.setWordWrap(True)
        self.box = AccreditationBox()
        self.box.fill(settings)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = self.buttons.addButton("Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)

    def save(self) -> None:
        ctx, values = self.ctx, self.box.values()
        self.save_button.setEnabled(False)
        BackgroundTask(self, lambda _p: update_settings(ctx, values)).success(
            lambda _s: self.accept()
        ).failure(self._failed).run()

    def _failed(self, error: BaseException) -> bool:
        self.save_button.setEnabled(True)
        if isinstance(error, ValueError):
            self.error.say(str(error))
            return True
        return False
