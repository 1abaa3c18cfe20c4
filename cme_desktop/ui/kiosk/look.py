"""The kiosk's type sizes, readable from a step back: the session's title is the largest text on the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

TITLE_PT = 34  # the session's title: the largest text, so a learner knows at once where they are signing in
HEADING_PT = 24  # "Sign in to record your attendance", "Is this you?", the thank-you
FIELD_PT = 22  # what the learner types and the buttons
TEXT_PT = 18  # notes and field captions


def sized(widget: QWidget, points: int, bold: bool = False) -> QWidget:
    font = QFont(widget.font())
    font.setPointSize(points)
    font.setBold(bold)
    widget.setFont(font)
    return widget


def text(words: str, points: int, bold: bool = False) -> QLabel:
    """A centred, wrapped label of plain text (names and titles as typed, on a public screen)."""
    label = QLabel(words)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    sized(label, points, bold)
    return label


def button(words: str, points: int = FIELD_PT, height: int = 64) -> QPushButton:
    made = QPushButton(words)
    made.setMinimumHeight(height)
    sized(made, points)
    return made
