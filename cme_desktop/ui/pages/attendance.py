"""Attendance: one session's claims as they arrive (texts, kiosk, imports, other coordinators), counts by
profession and channel, claims to review, and adding, revoking, importing and exporting."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.codes import group_code
from cme_desktop.domain.credits import credits_from_quarters, format_credits, quarters_from_credits
from cme_desktop.domain.names import fold
from cme_desktop.domain.phones import display_phone
from cme_desktop.domain.vocabulary import ClaimChannel, Profession, label_of
from cme_desktop.services.activities.calendar import SessionSummary
from cme_desktop.services.attendance.claims import ClaimRequest, record_claim, revoke_claim, undo_revoke
from cme_desktop.services.attendance.importing import import_attendance, preview_import
from cme_desktop.services.attendance.queries import (
    SessionAttendance,
    attendance_csv,
    attendance_stamp,
    current_session,
    session_attendance,
    sessions_to_pick,
)
from cme_desktop.services.attendance.rows import ClaimRow
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.reporting.files import write_export
from cme_desktop.ui.attendance_dialogs import AddClaimDialog, ReasonDialog
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.flow import FlowLayout
from cme_desktop.ui.formatting import day_and_time, plural
from cme_desktop.ui.import_dialog import ImportDialog
from cme_desktop.ui.table import ZonedRowTable, list_view
from cme_desktop.ui.tasks import BackgroundTask, Reloader, show_error

POLL_MS = 1500  # claims texted in or added on another machine show up within 2 seconds


def _evidence(claim: ClaimRow) -> str:
    e = claim.evidence
    if claim.channel == ClaimChannel.TEXT:
        if not e.get("phone"):
            return "text message"
        unconfirmed = " (unconfirmed phone)" if e.get("unconfirmed_phone") else ""
        return f"text from {display_phone(e['phone'])}{unconfirmed}"
    if claim.channel == ClaimChannel.KIOSK:
        return f"kiosk on {e.get('machine', '?')}"
    if claim.channel == ClaimChannel.IMPORT:
        return f"{e.get('file', '?')}, row {e.get('row', '?')}"
    if claim.channel == ClaimChannel.MANUAL:
        return f"by {e.get('entered_by', claim.recorded_by)}: {e.get('reason', '')}"
    return ", ".join(f"{k} {v}" for k, v in e.items())


_PLURALS = {"nurse_practitioner": "nurse practitioners or APRNs", "other": "others"}
_CHANNEL_WORDS: dict[str, str] = {
    ClaimChannel.TEXT: "by text",
    ClaimChannel.KIOSK: "at the kiosk",
    ClaimChannel.IMPORT: "imported",
    ClaimChannel.MANUAL: "by hand",
    ClaimChannel.PORTAL: "on the portal",
}


class ClaimsModel(ZonedRowTable[ClaimRow]):
    HEADERS = ("Person", "Profession", "Channel", "Time", "Credits", "Evidence", "Review")

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        c = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            review = f"revoked: {c.revoked_reason}" if c.revoked else "; ".join(c.flags)
            return (
                c.person_name,
                label_of(Profession, c.profession),
                label_of(ClaimChannel, c.channel),
                day_and_time(c.claimed_at, self.zone),
                format_credits(c.credit_quarters),
                _evidence(c),
                review,
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and c.revoked:
            return QBrush(QColor("#8a8a8a"))
        if role == Qt.ItemDataRole.BackgroundRole and c.flags and not c.revoked:
            return QBrush(QColor("#fff4d6"))
        if role == Qt.ItemDataRole.FontRole and c.revoked:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None


class AttendancePage(QWidget):
    title = "Attendance"
    loaded = Signal()

    def __init__(self, ctx: Context, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.events = ctx, events
        self.attendance: SessionAttendance | None = None
        self.zone: ZoneInfo = ZoneInfo("UTC")
        self._stamp: tuple[int, int, int] | None = None
        self.session_loader: Reloader[tuple[list[SessionSummary], ZoneInfo]] = Reloader(
            self, self._show_sessions
        )
        self.claim_loader: Reloader[tuple[SessionAttendance, tuple[int, int, int]]] = Reloader(
            self, self._loaded
        )
        self.poller: Reloader[tuple[int, tuple[int, int, int]]] = Reloader(
            self, self._polled, lambda _e: True
        )
        self.dialog: QDialog | None = None
        self.kiosk: QWidget | None = None

        heading = QLabel("Attendance")
        heading.setObjectName("pageHeading")
        self.sessions = QComboBox()
        self.sessions.setAccessibleName("Session")
        self.sessions.setMinimumWidth(460)
        self.sessions.currentIndexChanged.connect(lambda _i: self.reload())
        self.count = QLabel("")
        self.count.setObjectName("attendanceCount")  # large and green (style.qss), read from across the room
        self.count.setAccessibleName("Claims")
        self.breakdown = QLabel("")
        self.breakdown.setWordWrap(True)
        self.review_only = QCheckBox("Only claims to review")
        self.review_only.toggled.connect(lambda _on: self._fill())
        # 5,900 claims in a session of a large office: find one by name, and narrow by how it came in.
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a learner")
        self.search.setAccessibleName("Find a learner")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(lambda _t: self._fill())
        self.channel_filter = QComboBox()
        self.channel_filter.setAccessibleName("How the claims came in")
        self.channel_filter.addItem("Every channel", None)
        for channel in ClaimChannel:
            self.channel_filter.addItem(channel.label, str(channel))
        self.channel_filter.currentIndexChanged.connect(lambda _i: self._fill())

        self.add_button = QPushButton("Add by hand…")
        self.revoke_button = QPushButton("Revoke…")
        self.import_button = QPushButton("Import CSV…")
        self.export_button = QPushButton("Export CSV…")
        self.kiosk_button = QPushButton("Kiosk…")
        self.kiosk_button.setToolTip("A full-screen sign-in on this laptop for the selected session")
        self.add_button.clicked.connect(self.add_by_hand)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.import_button.clicked.connect(self.choose_import)
        self.export_button.clicked.connect(self.choose_export)
        self.kiosk_button.clicked.connect(self.open_kiosk)

        self.model = ClaimsModel()
        self.table = list_view(self.model, "Claims", stretch=5)

        top = QHBoxLayout()
        top.addWidget(QLabel("Session"))
        top.addWidget(self.sessions, 1)
        top.addWidget(self.kiosk_button)
        counts = QHBoxLayout()
        counts.addWidget(self.count)
        counts.addWidget(self.breakdown, 1)
        actions = FlowLayout()
        for button in (self.add_button, self.revoke_button, self.import_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch()
        for widget in (self.search, self.channel_filter, self.review_only):
            actions.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addLayout(counts)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

        events.attendance_changed.connect(self.reload)
        events.people_changed.connect(self.reload)  # a merge or a corrected name changes who is listed
        events.sessions_changed.connect(self.load_sessions)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.timer.start(POLL_MS)
        QTimer.singleShot(0, self.load_sessions)

    # Loading ---------------------------------------------------------------------------------------------------
    def load_sessions(self) -> None:
        ctx = self.ctx
        self.session_loader.request(lambda: (sessions_to_pick(ctx), office_zone(ctx)))

    def _show_sessions(self, result: tuple[list[SessionSummary], ZoneInfo]) -> None:
        found, self.zone = result
        keep = self.session_id()
        self.sessions.blockSignals(True)
        self.sessions.clear()
        for s in found:
            code = f" · code {group_code(s.attendance_code)}" if s.attendance_code else ""
            self.sessions.addItem(f"{day_and_time(s.starts_at, self.zone)} · {s.activity_title}{code}", s.id)
        pick = keep if keep is not None else getattr(current_session(found, self.ctx.clock()), "id", None)
        if pick is not None and self.sessions.findData(pick) >= 0:
            self.sessions.setCurrentIndex(self.sessions.findData(pick))
        self.sessions.blockSignals(False)
        self.reload()

    def session_id(self) -> int | None:
        data = self.sessions.currentData()
        return int(data) if data is not None else None

    def select_session(self, session_id: int) -> None:
        index = self.sessions.findData(session_id)
        if index >= 0:
            self.sessions.setCurrentIndex(index)

    def refresh(self) -> None:
        """View › Refresh: the sessions to pick from, then the chosen session's claims."""
        self.load_sessions()

    def reload(self) -> None:
        session_id, ctx = self.session_id(), self.ctx
        if session_id is None:
            self.attendance = None
            self._fill()
            return

        self.claim_loader.request(
            lambda: (session_attendance(ctx, session_id), attendance_stamp(ctx, session_id))
        )

    def _loaded(self, result: tuple[SessionAttendance, tuple[int, int, int]]) -> None:
        attendance, stamp = result
        if attendance.session.id != self.session_id():
            return
        self.attendance, self._stamp = attendance, stamp
        self._fill()
        self.loaded.emit()

    def poll(self) -> None:
        """Reload only when the session's claims changed (a texted claim, another coordinator's revoke)."""
        session_id, ctx = self.session_id(), self.ctx
        if session_id is None or self.poller.busy or not self.isVisible():
            return
        # A failed poll is retried in a moment: no dialog every 1.5 s.
        self.poller.request(lambda: (session_id, attendance_stamp(ctx, session_id)))

    def _polled(self, result: tuple[int, tuple[int, int, int]]) -> None:
        session_id, stamp = result
        if stamp != self._stamp and session_id == self.session_id():
            self.reload()

    def _fill(self) -> None:
        a = self.attendance
        if a is None:
            self.model.set_rows([], self.zone)
            self.count.setText("")
            self.breakdown.setText("No session selected.")
            return
        rows = list(a.to_review if self.review_only.isChecked() else a.claims)
        words = fold(self.search.text()).split()
        channel = self.channel_filter.currentData()
        shown = [
            c
            for c in rows
            if (channel is None or c.channel == channel) and all(w in fold(c.person_name) for w in words)
        ]
        self.model.set_rows(shown, ZoneInfo(a.session.timezone))
        active = len(a.active)
        self.count.setText(plural(active, "claim"))
        professions = ", ".join(
            plural(n, label_of(Profession, k).lower(), _PLURALS.get(k)) for k, n in a.by_profession.items()
        )
        channels = ", ".join(f"{n} {_CHANNEL_WORDS.get(k, k)}" for k, n in a.by_channel.items())
        revoked = len(a.claims) - active
        parts = [p for p in (professions, channels) if p]
        if a.to_review:
            parts.append(f"{len(a.to_review)} to review")
        if revoked:
            parts.append(f"{revoked} revoked")
        self.breakdown.setText(" · ".join(parts) or "No claims yet.")

    def selected_claim(self) -> ClaimRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    # Actions ---------------------------------------------------------------------------------------------------
    def add_by_hand(self) -> None:
        a = self.attendance
        if a is None:
            return
        label = self.sessions.currentText()
        dialog = AddClaimDialog(
            self.ctx, label, float(credits_from_quarters(a.session.credit_quarters)), self
        )
        dialog.accepted.connect(lambda: self._add(dialog))
        self.dialog = dialog
        dialog.open()

    def _add(self, dialog: AddClaimDialog) -> None:
        person, session_id, ctx = dialog.picker.person(), self.session_id(), self.ctx
        if person is None or session_id is None:
            return
        request = ClaimRequest(
            person.id,
            ClaimChannel.MANUAL,
            session_id=session_id,
            reason=dialog.reason.text(),
            credit_quarters=quarters_from_credits(dialog.credits.value()),
        )
        BackgroundTask(self, lambda _p: record_claim(ctx, request), "Adding attendance…").run()

    def revoke_selected(self) -> None:
        claim = self.selected_claim()
        if claim is None or claim.revoked:
            show_error(self, "Select a claim that is not revoked yet.")
            return
        dialog = ReasonDialog(
            "Revoke attendance",
            f"Why is the attendance of {claim.person_name} being revoked? The claim stays listed as revoked, "
            "with your reason; Edit › Undo takes it back.",
            "Revoke",
            self,
        )
        dialog.accepted.connect(lambda: self.revoke(claim.id, dialog.reason.text()))
        self.dialog = dialog
        dialog.open()

    def revoke(self, claim_id: int, reason: str) -> None:
        ctx = self.ctx
        BackgroundTask(self, lambda _p: revoke_claim(ctx, claim_id, reason), "Revoking…").success(
            self._revoked
        ).run()

    def _revoked(self, claim: ClaimRow) -> None:
        ctx, label = self.ctx, f"Undo revoke: {claim.person_name}"

        def undo() -> None:
            BackgroundTask(self, lambda _p: undo_revoke(ctx, claim.id), "Taking back the revoke…").success(
                lambda back: self.events.say(f"The attendance of {back.person_name} counts again.")
            ).run()

        self.events.undo.push(label, undo)
        self.events.say(f"Revoked the attendance of {claim.person_name}. Edit › Undo (Ctrl+Z) takes it back.")

    def choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import attendance", "", "CSV files (*.csv);;All files (*)"
        )
        if name:
            self.preview_file(Path(name))

    def preview_file(self, path: Path) -> None:
        """The one import dialog on the attendance importer, asking for a reason when claims are late."""
        ctx = self.ctx
        dialog = ImportDialog(
            f"Import attendance from {path.name}",
            lambda reason: preview_import(ctx, path, reason or None),
            lambda reason: import_attendance(ctx, path, reason or None),
            self,
            reason_prompt="Reason, if the file has claims outside the code window (then press Check again)",
        )
        self.dialog = dialog
        dialog.open()

    def choose_export(self) -> None:
        a = self.attendance
        if a is None:
            return
        suggested = f"attendance-{a.session.starts_at.astimezone(self.zone):%Y-%m-%d}-{a.session.id}.csv"
        name, _ = QFileDialog.getSaveFileName(self, "Export attendance", suggested, "CSV files (*.csv)")
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        a = self.attendance
        if a is None:
            return
        text = attendance_csv(a, a.session.timezone)
        BackgroundTask(self, lambda _p: write_export(path, text), "Saving…").run()

    def open_kiosk(self) -> None:
        a = self.attendance
        if a is None:
            return
        from cme_desktop.ui.kiosk import open_kiosk

        self.kiosk = open_kiosk(self.ctx, self.events, a.session, self)
