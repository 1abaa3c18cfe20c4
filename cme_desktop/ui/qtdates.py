"""Dates and times between Qt's editors and Python, in one place."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDateEdit


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def qtime(at: time) -> QTime:
    return QTime(at.hour, at.minute)


def pytime(value: QTime) -> time:
    return time(value.hour(), value.minute())


def bound_to_sessions(edit: QDateEdit, today: date | None = None) -> QDateEdit:
    """A date editor that offers only dates a session can have: 1990 to ten years from `today`."""
    from cme_desktop.domain.scheduling import EARLIEST_YEAR, YEARS_AHEAD

    latest = QDate((today.year if today else 2090) + YEARS_AHEAD, 12, 31)
    edit.setDateRange(QDate(EARLIEST_YEAR, 1, 1), latest)
    return edit
