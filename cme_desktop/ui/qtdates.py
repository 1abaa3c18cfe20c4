"""Dates and times between Qt's editors and Python, in one place."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QTime


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def qtime(at: time) -> QTime:
    return QTime(at.hour, at.minute)


def pytime(value: QTime) -> time:
    return time(value.hour(), value.minute())
