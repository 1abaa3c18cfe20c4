"""Labels that show people's words as they typed them.

A QLabel guesses whether its text is rich text, so a name typed as `<font color=red size=7>Eve</font>` would be
drawn huge and red. Labels that show anything a person typed (names, titles, companies, notes, paths) are made
with `plain_label`; labels that need markup escape every value they put in it (`escape`) and say so with `rich`.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as _escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def grow_to_fit(window: QWidget) -> None:
    """After a label's text grew (an outcome, a warning), make a dialog tall enough to show all of it, keeping
    its width; Qt does not grow a window that is already on screen on its own."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = window.width()
    wanted = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()
    if wanted > window.height():
        window.resize(width, wanted)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def rich(markup: str, parent: QWidget | None = None) -> QLabel:
    """A label of our own markup, every value in it already escaped."""
    label = QLabel(markup, parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def escape(text: str | None) -> str:
    return _escape(text or "")
