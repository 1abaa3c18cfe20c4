"""Sizing text to a box: the largest pixel size at which a text fits, so slides scale with any screen."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel

# Families tried in order; the first one installed is used. Bold sans serif digits read best from far away.
FAMILIES = ["Segoe UI", "Helvetica Neue", "Arial", "Liberation Sans", "DejaVu Sans"]


def slide_font(pixels: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setBold(bold)
    font.setPixelSize(max(1, int(pixels)))
    return font


def text_flags(wrap: bool, align: Qt.AlignmentFlag) -> int:
    flags = int(align)
    if wrap:
        flags |= int(Qt.TextFlag.TextWordWrap)
    return flags


def text_size(font: QFont, text: str, width: int, wrap: bool) -> QSize:
    """The space `text` takes in `font` when laid out `width` pixels wide."""
    metrics = QFontMetrics(font)
    box = QRect(0, 0, max(1, width) if wrap else 1_000_000, 1_000_000)
    return metrics.boundingRect(box, text_flags(wrap, Qt.AlignmentFlag.AlignLeft), text).size()


def fits(font: QFont, text: str, width: int, height: int, wrap: bool) -> bool:
    size = text_size(font, text, width, wrap)
    return size.width() <= width and size.height() <= height


def fitted_font(
    text: str, width: int, height: int, max_px: float, min_px: float, bold: bool, wrap: bool
) -> QFont:
    """The largest font between min_px and max_px in which `text` fits the box (min_px if none does)."""
    low, high = max(1, int(min_px)), max(1, int(max_px))
    best = low
    while low <= high:
        middle = (low + high) // 2
        if fits(slide_font(middle, bold), text, width, height, wrap):
            best, low = middle, middle + 1
        else:
            high = middle - 1
    return slide_font(best, bold)


def place(label: QLabel, text: str, font: QFont, x: int, y: int, width: int, wrap: bool) -> int:
    """Give `label` its text, font and a box exactly as tall as the text; returns the y below it."""
    if not wrap and QFontMetrics(font).horizontalAdvance(text) > width:
        text = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
    label.setFont(font)
    label.setWordWrap(wrap)
    label.setText(text)
    height = text_size(font, text, width, wrap).height()
    label.setGeometry(x, y, width, height)
    label.show()
    return y + height


def place_line(
    label: QLabel, text: str, x: int, y: int, width: int, max_px: float, min_px: float, bold: bool
) -> int:
    """One line as large as fits between max_px and min_px; a text too long for that wraps onto two lines
    (rather than being cut short) at a size that keeps it to about two lines."""
    font = fitted_font(text, width, 1_000_000, max_px, min_px, bold, False)
    if fits(font, text, width, 1_000_000, False):
        return place(label, text, font, x, y, width, False)
    two_lines = QFontMetrics(slide_font(min_px, bold)).lineSpacing() * 2 + 2
    font = fitted_font(text, width, two_lines, min_px, min_px * 0.6, bold, True)
    return place(label, text, font, x, y, width, True)
