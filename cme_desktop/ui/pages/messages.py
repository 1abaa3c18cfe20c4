"""Messages: the texting log, every text in and out with its outcome; search it, and link a phone to a profile."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
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

from cme_desktop.domain.phones import display_phone
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.texting.log import MessageRow, link_phone, list_messages
from cme_desktop.ui.attendance_dialogs import PersonPicker
from cme_desktop.ui.empty import EmptyState
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.formatting import day_and_time
from cme_desktop.ui.table import ZonedRowTable, list_view
from cme_desktop.ui.tasks import BackgroundTask, Reloader, show_error
from cme_desktop.ui.text import plain_label

REFRESH_MS = 5_000
DEBOUNCE_MS = 200
OUTCOMES = {
    "recorded": "attendance recorded",
    "already": "already recorded",
    "wrong": "wrong code",
    "closed": "code closed",
    "not_open": "code not open yet",
    "replaced": "old code",
    "unknown_phone": "phone not linked",
    "unknown_email": "email not found",
    "linked": "phone linked",
    "linked_unconfirmed": "phone linked, unconfirmed",
    "link_code_sent": "link code emailed",
    "link_code_wrong": "wrong link code",
    "link_code_unknown": "link code expired or not asked for",
    "link_limited": "too many link requests",
    "already_linked": "already linked",
    "link_refused": "phone on another profile",
    "rate_limited": "too many wrong codes",
    "opted_out": "opted out (STOP)",
    "opted_in": "opted in (START)",
    "help": "help sent",
    "not_understood": "not understood",
    "no_code": "no code",
}


def outcome_text(outcome: str | None) -> str:
    return ", ".join(
        OUTCOMES.get(word, word.replace("_", " ")) for word in (outcome or "").split("+") if word
    )


class MessagesModel(ZonedRowTable[MessageRow]):
    HEADERS = ("Time", "", "Phone", "Person", "Text", "Outcome")

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        m = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                day_and_time(m.at, self.zone),
                "→ in" if m.direction == "in" else "← out",
                display_phone(m.phone),
                m.person_name or "",
                m.body.replace("\n", " ⏎ ") if m.body else "(no words kept)",
                outcome_text(m.outcome) if m.direction == "in" else "",
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return m.body
        if role == Qt.ItemDataRole.ForegroundRole and m.direction == "out":
            return QBrush(QColor("#555555"))
        return None


class LinkPhoneDialog(QDialog):
    def __init__(self, ctx: Context, phone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phone = phone
        self.setWindowTitle(f"Link {display_phone(phone)} to a profile")
        self.picker = PersonPicker(ctx)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Link")
        self.buttons.accepted.connect(lambda: self.accept() if self.picker.person() else None)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(f"Whose phone is {display_phone(phone)}? Their earlier texts are filed under them.")
        )
        layout.addWidget(self.picker)
        layout.addWidget(self.buttons)
        self.resize(520, 420)


class MessagesPage(QWidget):
    title = "Messages"
    loaded = Signal()

    def __init__(self, ctx: Context, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.events = ctx, events
        self.dialog: QDialog | None = None
        self.loader: Reloader[tuple[list[MessageRow], ZoneInfo]] = Reloader(self, self._show)
        heading = QLabel("Messages")
        heading.setObjectName("pageHeading")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search phone, name, text or outcome")
        self.search.setAccessibleName("Search texts")
        self.search.setClearButtonEnabled(True)
        self.link_button = QPushButton("Link phone to profile…")
        self.link_button.clicked.connect(self.link_selected)
        self.model = MessagesModel()
        self.table = list_view(self.model, "Texts", stretch=4)
        self.table_area = EmptyState(self.table)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.link_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addWidget(self.table_area, 1)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        events.messages_changed.connect(self.refresh)
        events.people_changed.connect(self.refresh)
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.refresh() if self.isVisible() else None)
        self.timer.start(REFRESH_MS)
        QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        ctx, text = self.ctx, self.search.text()
        self.loader.request(lambda: (list_messages(ctx, text), office_zone(ctx)))

    def _show(self, result: tuple[list[MessageRow], ZoneInfo]) -> None:
        rows, zone = result
        self.model.set_rows(rows, zone)
        searched = self.search.text().strip()
        if searched:
            self.table_area.show_rows(
                len(rows), f"No texts match “{searched}”.", ("Clear the search", self.search.clear)
            )
        else:
            self.table_area.show_rows(
                len(rows),
                "No texts yet. When learners text ATTEND and a session's code to the office's texting number, "
                "their texts and CME Desk's replies are listed here.",
                ("Set up texting…", lambda: self.events.page_requested.emit("Settings")),
            )
        self.loaded.emit()

    def selected(self) -> MessageRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def link_selected(self) -> None:
        message = self.selected()
        if message is None:
            show_error(self, "Select a text from the phone you want to link.")
            return
        dialog = LinkPhoneDialog(self.ctx, message.phone, self)
        dialog.accepted.connect(lambda: self._link(dialog))
        self.dialog = dialog
        dialog.open()

    def _link(self, dialog: LinkPhoneDialog) -> None:
        person, ctx, phone = dialog.picker.person(), self.ctx, dialog.phone
        if person is None:
            return
        BackgroundTask(self, lambda _p: link_phone(ctx, phone, person.id), "Linking…").run()
