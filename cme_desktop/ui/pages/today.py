"""Today: the sessions happening today, each with its attendance code, and the rest of this week."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.codes import group_code
from cme_desktop.domain.credits import format_credits
from cme_desktop.services.activities.calendar import SessionSummary, Week, this_week
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.formatting import day_and_time, long_day, time_range
from cme_desktop.ui.table import ZonedRowTable, list_view
from cme_desktop.ui.tasks import Reloader
from cme_desktop.ui.text import escape, plain_label, rich

if TYPE_CHECKING:
    from cme_desktop.ui.present.controller import PresentationController

REFRESH_MS = 30_000  # claims from other coordinators and texts arrive without us knowing


class WeekModel(ZonedRowTable[SessionSummary]):
    HEADERS = ("Day", "Time", "Activity", "Topic", "Room", "Code", "Claims")

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        s = self.rows[index.row()]
        zone = self.zone
        local = s.starts_at.astimezone(zone)
        return (
            f"{local:%a %b} {local.day}",
            time_range(s.starts_at, s.ends_at, zone),
            s.activity_title,
            s.topic or "",
            s.room or "",
            group_code(s.attendance_code) if s.attendance_code else "",
            str(s.claim_count),
        )[index.column()]


class SessionCard(QFrame):
    """One of today's sessions, with its code large enough to read out to the room, and the way to present it."""

    present_requested = Signal(int)
    kiosk_requested = Signal(int)

    def __init__(
        self,
        session: SessionSummary,
        zone: ZoneInfo,
        standard3_problem: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("sessionCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        when = QLabel(time_range(session.starts_at, session.ends_at, zone))
        when.setObjectName("cardTime")
        title = rich(f"<b>{escape(session.activity_title)}</b>")
        title.setObjectName("cardTitle")
        detail = " · ".join(x for x in (session.topic, session.speaker_names, session.room) if x)
        self.code_label = QLabel(
            group_code(session.attendance_code) if session.attendance_code else "no code"
        )
        self.code_label.setObjectName("cardCode")
        self.code_label.setAccessibleName("Attendance code")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        code_font = QFont(self.code_label.font())
        code_font.setPointSizeF(code_font.pointSizeF() * 2.4)
        code_font.setBold(True)
        self.code_label.setFont(code_font)
        window = (
            f"Code valid {day_and_time(session.code_opens_at, zone)} – {day_and_time(session.code_closes_at, zone)}"
            if session.code_opens_at and session.code_closes_at
            else ""
        )
        self.claims_label = QLabel(_claims_text(session))
        self.claims_label.setObjectName("cardClaims")
        layout.addWidget(when, 0, 0)
        layout.addWidget(title, 1, 0)
        layout.addWidget(plain_label(detail), 2, 0)
        layout.addWidget(QLabel(f"{_credits_text(session.credit_quarters)} · {window}"), 3, 0)
        layout.addWidget(
            self.code_label, 0, 1, 3, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        layout.addWidget(self.claims_label, 3, 1, Qt.AlignmentFlag.AlignRight)
        self.warning = plain_label(f"⚠ Standard 3: {standard3_problem}" if standard3_problem else "")
        self.warning.setObjectName("standard3Warning")
        self.warning.setWordWrap(True)
        self.warning.setVisible(bool(standard3_problem))
        layout.addWidget(self.warning, 4, 0, 1, 2)
        buttons = QHBoxLayout()
        self.present_button = QPushButton("Present")
        self.present_button.setObjectName("presentButton")
        self.present_button.setToolTip(
            "Show the disclosure and the attendance code full screen on the projector"
        )
        self.present_button.setEnabled(session.status != "cancelled")
        self.present_button.clicked.connect(lambda: self.present_requested.emit(session.id))
        self.kiosk_button = QPushButton("Sign-in kiosk")
        self.kiosk_button.setToolTip("Turn this laptop into a sign-in station for learners")
        self.kiosk_button.setEnabled(bool(session.attendance_code) and session.status != "cancelled")
        self.kiosk_button.clicked.connect(lambda: self.kiosk_requested.emit(session.id))
        buttons.addWidget(self.present_button)
        buttons.addWidget(self.kiosk_button)
        buttons.addStretch(1)
        layout.addLayout(buttons, 5, 0, 1, 2)
        layout.setColumnStretch(0, 1)


def _load(ctx: Context) -> tuple[Week, ZoneInfo, dict[int, str]]:
    """This week's sessions, the office zone, and what is left of Standard 3 for today's activities."""
    from cme_desktop.services.standard3.review import activity_standard3

    week = this_week(ctx)
    problems: dict[int, str] = {}
    for activity_id in {s.activity_id for s in week.today}:
        state = activity_standard3(ctx, activity_id)
        if not state.complete:
            problems[activity_id] = (
                state.problems[0] if state.problems else "the disclosure review is not complete."
            )
    return week, office_zone(ctx), problems


def _credits_text(quarters: int) -> str:
    return f"{format_credits(quarters)} credit{'' if quarters == 4 else 's'}"


def _claims_text(session: SessionSummary) -> str:
    return f"{session.claim_count} claim{'s' if session.claim_count != 1 else ''}"


class TodayPage(QWidget):
    title = "Today"
    loaded = Signal()

    def __init__(self, ctx: Context, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.events = events
        self.presentation: PresentationController | None = None
        self.week: Week | None = None
        self.loader: Reloader[tuple[Week, ZoneInfo, dict[int, str]]] = Reloader(self, self._show)
        self.heading = QLabel("Today")
        self.heading.setObjectName("pageHeading")
        self.cards = QVBoxLayout()
        self.session_cards: list[SessionCard] = []
        self.empty = QLabel("No sessions today.")
        self.empty.setObjectName("emptyNote")
        self.week_model = WeekModel()
        self.week_table = list_view(self.week_model, "Sessions this week", stretch=3)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addLayout(self.cards)
        layout.addWidget(self.empty)
        week_heading = QLabel("Coming up this week")
        week_heading.setObjectName("sectionHeading")
        layout.addWidget(week_heading)
        layout.addWidget(self.week_table, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        events.sessions_changed.connect(self.refresh)
        events.attendance_changed.connect(self.refresh)
        events.settings_changed.connect(self.refresh)
        events.disclosures_changed.connect(self.refresh)
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.refresh() if self.isVisible() else None)
        self.timer.start(REFRESH_MS)

    def refresh(self) -> None:
        ctx = self.ctx
        self.loader.request(lambda: _load(ctx))

    def _show(self, result: tuple[Week, ZoneInfo, dict[int, str]]) -> None:
        week, zone, problems = result
        self.week = week
        now = self.ctx.clock()
        self.heading.setText(f"Today · {long_day(now, zone)}")
        for card in self.session_cards:
            self.cards.removeWidget(card)
            card.setParent(None)
            card.deleteLater()
        self.session_cards = [SessionCard(s, zone, problems.get(s.activity_id)) for s in week.today]
        for card in self.session_cards:
            card.present_requested.connect(self.present)
            card.kiosk_requested.connect(self.open_kiosk)
            self.cards.addWidget(card)
        self.empty.setVisible(not week.today)
        self.week_model.set_rows(sorted(week.today + week.rest_of_week, key=lambda s: s.starts_at), zone)
        self.loaded.emit()

    def present(self, session_id: int) -> None:
        """Open the projector view for a session (disclosure slide first, then the code)."""
        from cme_desktop.ui.present import open_presentation

        self.presentation = open_presentation(self.window(), self.ctx, self.events, session_id)

    def open_kiosk(self, session_id: int) -> None:
        from cme_desktop.ui.kiosk import open_kiosk

        session = next(s for s in self.week.today if s.id == session_id) if self.week else None
        if session is not None:
            self.kiosk = open_kiosk(self.ctx, self.events, session, self.window())
