"""Table models for the Activities page: activities, one activity's sessions, and previews of sessions to create.

Each holds frozen service rows; cells are computed from them, and a sort key per column keeps dates and numbers
sorting as dates and numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from cme_desktop.domain.codes import group_code
from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.names import fold
from cme_desktop.domain.vocabulary import ActivityStatus, SessionStatus
from cme_desktop.services.activities.calendar import SessionSummary
from cme_desktop.services.activities.model import ActivitySummary
from cme_desktop.services.activities.session_plan import ProposedSession
from cme_desktop.ui.formatting import time_range
from cme_desktop.ui.table import RowTable

T = TypeVar("T")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
PROBLEM_COLOR = QColor("#b3261e")
MUTED_COLOR = QColor("#6b7280")

Column = tuple[str, Callable[[Any], str], Callable[[Any], Any]]


class RowsModel(RowTable[T]):
    """Rows of one dataclass: each column is (header, text of a row, sort key of a row)."""

    def __init__(self, columns: Sequence[Column]) -> None:
        super().__init__([c[0] for c in columns])
        self.columns = tuple(columns)
        # Sort keys, computed once per row and column: sorting thousands of sessions asks for each many times.
        self._keys: dict[tuple[int, int], Any] = {}

    def rows_changed(self) -> None:
        self._keys = {}

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        _, text, key = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text(row)
        if role == SORT_ROLE:
            cell = (index.row(), index.column())
            if cell not in self._keys:
                self._keys[cell] = key(row)
            return self._keys[cell]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.color(row)
        return None

    def color(self, row: T) -> QColor | None:
        return None


def _day(value: date | None) -> str:
    return f"{value:%b} {value.day}, {value.year}" if value else "—"


def _day_key(value: date | None) -> str:
    return value.isoformat() if value else ""


STATUS_WORDS = {
    ActivityStatus.ACTIVE: "Active",
    ActivityStatus.DRAFT: "Draft",
    ActivityStatus.ARCHIVED: "Archived",
    SessionStatus.SCHEDULED: "Scheduled",
    SessionStatus.CANCELLED: "Cancelled",
}


class ActivitiesModel(RowsModel[ActivitySummary]):
    def __init__(self) -> None:
        super().__init__(
            [
                ("Title", lambda a: a.title, lambda a: a.title.lower()),
                ("Format", lambda a: a.format_label, lambda a: a.format_label),
                ("Department", lambda a: a.department or "", lambda a: (a.department or "").lower()),
                ("Sessions", lambda a: str(a.session_count), lambda a: a.session_count),
                ("First session", lambda a: _day(a.first_date), lambda a: _day_key(a.first_date)),
                ("Last session", lambda a: _day(a.last_date), lambda a: _day_key(a.last_date)),
                ("Status", lambda a: STATUS_WORDS.get(a.status, a.status), lambda a: a.status),
            ]
        )

    def color(self, row: ActivitySummary) -> QColor | None:
        return MUTED_COLOR if row.status == ActivityStatus.ARCHIVED else None

    def index_of(self, activity_id: int) -> int | None:
        return next((i for i, a in enumerate(self.rows) if a.id == activity_id), None)


class ActivityProxy(QSortFilterProxyModel):
    """Sorts by each column's key and narrows the list as the coordinator types (every word must match)."""

    def __init__(self, model: ActivitiesModel) -> None:
        super().__init__()
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self.words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ActivitiesModel)
        a = model.rows[source_row]
        haystack = fold(" ".join(x or "" for x in (a.title, a.department, a.director, a.format_label)))
        return all(word in haystack for word in self.words)


def window_text(s: SessionSummary, zone: ZoneInfo) -> str:
    """'Dec 2, 11:30 AM – Dec 9, 1:00 PM': when the session's code is accepted."""
    if not (s.code_opens_at and s.code_closes_at):
        return ""
    opens, closes = s.code_opens_at.astimezone(zone), s.code_closes_at.astimezone(zone)
    return f"{opens:%b} {opens.day}, {clock(opens)} – {closes:%b} {closes.day}, {clock(closes)}"


def closes_text(s: SessionSummary, zone: ZoneInfo) -> str:
    """'Dec 9, 1:00 PM': the last moment the session's code is accepted (the table's short form)."""
    if not s.code_closes_at:
        return ""
    closes = s.code_closes_at.astimezone(zone)
    return f"{closes:%b} {closes.day}, {clock(closes)}"


def clock(value: Any) -> str:
    """'7:00 AM' from a local datetime."""
    return str(value.strftime("%I:%M %p").lstrip("0"))


def _instant_key(s: SessionSummary) -> float:
    return s.starts_at.timestamp()


def credits_text(quarters: int) -> str:
    return f"{format_credits(quarters)} credit{'' if quarters == 4 else 's'}"


class SessionsModel(RowsModel[SessionSummary]):
    def __init__(self) -> None:
        self.zone = ZoneInfo("UTC")
        super().__init__(
            [
                ("Date", self._date, _instant_key),
                ("Time", lambda s: time_range(s.starts_at, s.ends_at, self.zone), self._time_key),
                ("Topic", lambda s: s.topic or "", lambda s: s.topic or ""),
                ("Speakers", self._speakers, lambda s: s.speaker_names.lower()),
                ("Room", lambda s: s.room or "", lambda s: s.room or ""),
                ("Credits", lambda s: format_credits(s.credit_quarters), lambda s: s.credit_quarters),
                ("Code", self._code, lambda s: s.attendance_code or ""),
                ("Code until", lambda s: closes_text(s, self.zone), _instant_key),
                ("Claims", lambda s: str(s.claim_count), lambda s: s.claim_count),
                ("Status", lambda s: STATUS_WORDS.get(s.status, s.status), lambda s: s.status),
            ]
        )

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            row, header = self.rows[index.row()], self.headers[index.column()]
            if header == "Speakers":
                notes = [f"{f.name}: {f.note}" for f in row.faculty if f.note]
                return "\n".join(notes) or None
            if header == "Code until" and row.code_opens_at:
                return f"Texts, the portal and the kiosk take the code {window_text(row, self.zone)}."
        return super().data(index, role)

    @staticmethod
    def _speakers(s: SessionSummary) -> str:
        """The speakers' names; a warning sign when one of them is a profile to check (hover for why)."""
        flag = "⚠ " if any(f.note for f in s.faculty) else ""
        return flag + s.speaker_names

    def set_sessions(self, rows: Sequence[SessionSummary], zone: ZoneInfo) -> None:
        self.zone = zone
        self.set_rows(rows)

    def _time_key(self, s: SessionSummary) -> str:
        return s.starts_at.astimezone(self.zone).strftime("%H:%M")

    def _date(self, s: SessionSummary) -> str:
        local = s.starts_at.astimezone(self.zone)
        return f"{local:%a %b} {local.day}, {local.year}"

    @staticmethod
    def _code(s: SessionSummary) -> str:
        return group_code(s.attendance_code) if s.attendance_code else "—"

    def color(self, row: SessionSummary) -> QColor | None:
        return MUTED_COLOR if row.status == SessionStatus.CANCELLED else None

    def index_of(self, session_id: int) -> int | None:
        return next((i for i, s in enumerate(self.rows) if s.id == session_id), None)


def _span(p: ProposedSession) -> str:
    return f"{clock(p.local_start())} – {clock(p.local_end())}"


class ProposedSessionsModel(RowsModel[ProposedSession]):
    """Sessions about to be created, as the schedule builder previews them."""

    def __init__(self) -> None:
        super().__init__(
            [
                ("Date", lambda p: f"{p.local_start():%a %b} {p.day.day}, {p.day.year}", _proposed_key),
                ("Time", _span, _proposed_key),
                ("Credits", lambda p: format_credits(p.credit_quarters), lambda p: p.credit_quarters),
            ]
        )


def _proposed_key(p: ProposedSession) -> str:
    return p.starts_at.astimezone(UTC).isoformat()
