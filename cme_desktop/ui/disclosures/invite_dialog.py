"""Inviting an activity's planners, faculty and speakers to disclose on the portal: who (those who need to are
ticked), the email each will get, then sending; resending to someone who has not answered is ticking them again."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.standard3 import ROLE_LABELS
from cme_desktop.services.context import Context
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.standard3.invitations import InvitationList, Invitee, invitation_list
from cme_desktop.services.standard3.inviting import SendReport, preview_invitation, send_invitations
from cme_desktop.ui.disclosures.invitation_text import invitation_text, tree_items
from cme_desktop.ui.tasks import BackgroundTask, Reloader, show_error
from cme_desktop.ui.text import plain_label

COLUMNS = ("Person", "Role", "Email", "Disclosure", "Invitation")


class InviteDialog(QDialog):
    sent = Signal(object)  # the SendReport

    def __init__(self, ctx: Context, activity_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.activity_id = ctx, activity_id
        self.listing: InvitationList | None = None
        self.zone = ZoneInfo("UTC")
        self.setWindowTitle("Invite to disclose")
        self.resize(1000, 620)
        self.setMinimumSize(720, 480)
        self.loader: Reloader[tuple[InvitationList, ZoneInfo]] = Reloader(self, self._show)
        self.previewer: Reloader[OutgoingMail] = Reloader(self, self._preview_shown)

        self.heading = plain_label("")
        self.heading.setObjectName("sectionHeading")
        self.heading.setWordWrap(True)
        intro = QLabel(
            "Each person ticked gets an email with their own link to the disclosure form on the portal: it works "
            "for 14 days and needs no password. Until they answer, reminders go by themselves 7 and 3 days before "
            "their first session. Those who still need to disclose are ticked; tick someone again to resend."
        )
        intro.setWordWrap(True)
        self.problem = plain_label("")
        self.problem.setObjectName("warningNote")
        self.problem.setWordWrap(True)
        self.problem.hide()

        self.people = QTreeWidget()
        self.people.setColumnCount(len(COLUMNS))
        self.people.setHeaderLabels(COLUMNS)
        self.people.setRootIsDecorated(False)
        self.people.setAccessibleName("People to invite")
        for column, width in enumerate((190, 90, 220, 230)):
            self.people.setColumnWidth(column, width)
        self.people.itemChanged.connect(lambda _item, _column: self._count())
        self.people.currentItemChanged.connect(lambda *_: self._preview())

        self.preview_label = plain_label("The email")
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("The email")
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_label)
        preview_layout.addWidget(self.preview)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.people)
        splitter.addWidget(preview_box)
        splitter.setSizes([300, 260])

        self.outcome = plain_label("")
        self.outcome.setWordWrap(True)
        self.send_button = QPushButton("Send invitations")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.outcome, 1)
        row.addWidget(self.send_button)
        row.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)
        self._count()
        self.load()

    # Loading ----------------------------------------------------------------------------------------------------

    def load(self) -> None:
        ctx, activity_id = self.ctx, self.activity_id
        self.loader.request(lambda: (invitation_list(ctx, activity_id), office_zone(ctx)))

    def _show(self, result: tuple[InvitationList, ZoneInfo]) -> None:
        listing, self.zone = result
        keep = {i.person_id for i in self.checked()} if self.listing is not None else None
        self.listing = listing
        self.heading.setText(listing.title)
        self.problem.setText(listing.portal_problem or "")
        self.problem.setVisible(bool(listing.portal_problem))
        self.people.blockSignals(True)
        self.people.clear()
        now = self.ctx.clock()
        for invitee in listing.invitees:
            item = QTreeWidgetItem(
                [
                    invitee.name,
                    ", ".join(ROLE_LABELS[r] for r in invitee.roles),
                    invitee.email or "no email on file",
                    invitee.reason[:1].upper() + invitee.reason[1:],
                    invitation_text(invitee.invitation, self.zone, now),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, invitee)
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            if not invitee.email:
                flags &= ~Qt.ItemFlag.ItemIsUserCheckable
                item.setToolTip(0, "Add an email address to their profile to invite them.")
            item.setFlags(flags)
            ticked = invitee.person_id in keep if keep is not None else invitee.suggested
            item.setCheckState(
                0, Qt.CheckState.Checked if ticked and invitee.email else Qt.CheckState.Unchecked
            )
            if invitee.needs_disclosure:
                item.setForeground(3, QColor("#9a1c1c"))
            self.people.addTopLevelItem(item)
        self.people.blockSignals(False)
        items = tree_items(self.people)
        if items and self.people.currentItem() is None:
            chosen = [item for item in items if item.checkState(0) == Qt.CheckState.Checked]
            self.people.setCurrentItem((chosen or items)[0])
        self._count()

    def checked(self) -> list[Invitee]:
        return [
            item.data(0, Qt.ItemDataRole.UserRole)
            for item in tree_items(self.people)
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def _count(self) -> None:
        chosen = self.checked()
        again = sum(1 for i in chosen if i.invitation is not None and i.invitation.waiting)
        first = len(chosen) - again
        parts = []
        if first:
            parts.append(f"{first} invitation{'s' if first != 1 else ''}")
        if again:
            parts.append(f"{again} resend{'s' if again != 1 else ''}")
        self.send_button.setText(f"Send {' and '.join(parts)}" if parts else "Send invitations")
        ready = self.listing is not None and not self.listing.portal_problem
        self.send_button.setEnabled(bool(chosen) and ready)

    def _preview(self) -> None:
        item = self.people.currentItem()
        if item is None:
            return
        invitee: Invitee = item.data(0, Qt.ItemDataRole.UserRole)
        ctx, activity_id = self.ctx, self.activity_id
        self.preview_label.setText(f"The email {invitee.name} will get")
        self.previewer.request(lambda: preview_invitation(ctx, activity_id, invitee.person_id))

    def _preview_shown(self, mail: OutgoingMail) -> None:
        self.preview.setPlainText(f"To: {mail.to}\nSubject: {mail.subject}\n\n{mail.text}")

    # Sending ----------------------------------------------------------------------------------------------------

    def send(self) -> None:
        chosen = [i.person_id for i in self.checked()]
        if not chosen:
            show_error(self, "Tick the people to invite first.")
            return
        ctx, activity_id = self.ctx, self.activity_id
        self.send_button.setEnabled(False)
        BackgroundTask(
            self, lambda _p: send_invitations(ctx, activity_id, chosen), "Sending the invitations…"
        ).success(self._sent).failure(self._failed).run()

    def _sent(self, report: SendReport) -> None:
        self.outcome.setText(report.sentence)
        self.listing = None  # after sending, tick again only who still needs it
        self.load()
        self.sent.emit(report)

    def _failed(self, _error: BaseException) -> bool:
        self._count()
        return False  # the task shows the sentence
