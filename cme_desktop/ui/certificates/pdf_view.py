"""Showing and printing PDFs without QtPdf: pages are rendered with pypdfium2 into QImages."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

PREVIEW_PAGES = 12  # a preview of a long batch shows its first pages; printing and saving take all of them
# PDFium is not thread-safe: one call at a time, whichever background task makes it.
PDFIUM = threading.Lock()


def page_count(path: Path) -> int:
    with PDFIUM:
        document = pdfium.PdfDocument(str(path))
        try:
            return len(document)
        finally:
            document.close()


def render_pages(
    path: Path, dpi: float = 96, limit: int | None = None, progress: Callable[[int, int], None] | None = None
) -> list[QImage]:
    """Pages of the PDF as images (safe off the GUI thread: QImage is not a widget)."""
    images: list[QImage] = []
    with PDFIUM:
        document = pdfium.PdfDocument(str(path))
        try:
            count = len(document) if limit is None else min(limit, len(document))
            for i in range(count):
                images.append(_image(document[i], dpi))
                if progress is not None:
                    progress(i + 1, count)  # may raise Cancelled: the lock and the document are let go
        finally:
            document.close()
    return images


def _image(page: pdfium.PdfPage, dpi: float) -> QImage:
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True, force_bitmap_format=pdfium.raw.FPDFBitmap_BGRA)
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBA8888)
    return image.copy()  # own the pixels: the bitmap's buffer goes away with it


def print_pdf(path: Path, printer: QPrinter, progress: Callable[[int, int], None] | None = None) -> int:
    """Print every page of the PDF, each scaled to fit the printer's page; returns the pages printed."""
    dpi = min(printer.resolution(), 300)
    with PDFIUM:
        return _print(path, printer, dpi, progress)


def _print(path: Path, printer: QPrinter, dpi: int, progress: Callable[[int, int], None] | None) -> int:
    document = pdfium.PdfDocument(str(path))
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise OSError("The printer could not start printing; check that it is switched on and connected.")
        count = len(document)
        for i in range(count):
            if i:
                printer.newPage()
            image = _image(document[i], dpi)
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(
                area.x() + (area.width() - size.width()) // 2, area.y(), size.width(), size.height()
            )
            painter.drawImage(target, image)
            if progress is not None:
                progress(i + 1, count)
        return count
    finally:
        if painter.isActive():
            painter.end()
        document.close()


class PageStrip(QScrollArea):
    """Rendered pages one under another, as a preview."""

    def __init__(self, parent: QWidget | None = None, empty_text: str = "") -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Preview")
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._inner)
        self.pages: list[QLabel] = []
        if empty_text:  # what the strip is for, until there are pages to show
            hint = QLabel(empty_text)
            hint.setObjectName("emptyNote")
            hint.setWordWrap(True)
            hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._layout.addStretch(1)
            self._layout.addWidget(hint)
            self._layout.addStretch(1)

    def show_images(self, images: list[QImage], note: str = "") -> None:
        for label in self.pages:
            label.deleteLater()
        self.pages = []
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        width = max(240, self.viewport().width() - 28)
        for image in images:
            label = QLabel()
            pixmap = QPixmap.fromImage(image)
            if pixmap.width() > width:
                pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            label.setPixmap(pixmap)
            label.setObjectName("previewPage")
            self._layout.addWidget(label)
            self.pages.append(label)
        if note:
            self._layout.addWidget(QLabel(note))
