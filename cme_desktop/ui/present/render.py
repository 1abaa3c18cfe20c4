"""Rendering a slide to an image off screen: the PNG for a speaker's deck and the `slide` command.

The image comes from the very widgets the projector shows, so the saved slide and the room see the same thing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QImage, QImageWriter
from PySide6.QtWidgets import QApplication, QWidget

from cme_desktop.errors import InputError
from cme_desktop.services.present.slides import SlideContent
from cme_desktop.ui.present.slides import LIGHT, THEMES, AttendanceSlide, Theme

MIN_SIDE, MAX_SIDE = 200, 8192


def parse_size(text: str) -> tuple[int, int]:
    """'1920x1080' -> (1920, 1080), refusing what is not a sensible picture size."""
    parts = text.lower().replace(" ", "").split("x")
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        raise InputError(f"'{text}' is not a size like 1920x1080.")
    width, height = int(parts[0]), int(parts[1])
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise InputError(f"A slide is between {MIN_SIDE} and {MAX_SIDE} pixels on each side, not {text}.")
    return width, height


def render_widget(widget: QWidget, width: int, height: int) -> QImage:
    """Paint `widget` at exactly width x height pixels into a new image."""
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.resize(width, height)
    widget.show()  # lays out and polishes the labels; never appears, by the attribute above
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(1.0)
    widget.render(image)
    widget.hide()
    return image


def render_attendance(
    content: SlideContent, width: int, height: int, theme: Theme = LIGHT, show_count: bool = False
) -> QImage:
    slide = AttendanceSlide(content, theme, show_count)
    try:
        return render_widget(slide, width, height)
    finally:
        slide.deleteLater()


def ensure_application() -> QApplication:
    """The running QApplication, or a new one drawing off screen (for commands run without a display)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QApplication([sys.argv[0] if sys.argv else "cme-desktop"])


def save_attendance_png(content: SlideContent, size: str, out: Path, theme: str = "light") -> Path:
    """Render the attendance slide at `size` ('1920x1080') and write it as a PNG (whole file or nothing)."""
    width, height = parse_size(size)
    ensure_application()
    image = render_attendance(content, width, height, THEMES[theme])
    return write_png(image, out)


def write_png(image: QImage, out: Path) -> Path:
    out = Path(out)
    partial = out.with_name(f".{out.name}.partial")
    writer = QImageWriter(str(partial), QByteArray(b"PNG"))
    if not writer.write(image):
        partial.unlink(missing_ok=True)
        raise OSError(f"Could not write the slide to {out}: {writer.errorString()}.")
    os.replace(partial, out)
    return out
