"""A one-page sign-in sheet for a session held without a projector: the code, its QR code, how to claim, and
numbered lines where learners write their names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import black, white
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from cme_desktop.documents.files import write_aside
from cme_desktop.domain.qr import qr_matrix

MARGIN = 0.6 * inch
QR_SIDE = 1.9 * inch
LINE_GAP = 0.36 * inch


@dataclass(frozen=True)
class SheetContent:
    provider_name: str
    activity_title: str
    topic: str | None
    when: str
    room: str | None
    grouped_code: str
    texting_instruction: str | None
    qr_payload: str | None
    portal_line: str | None
    valid_until: str | None


def write_sheet(path: Path, content: SheetContent) -> Path:
    """Write the sheet to `path` through a temporary file in the same folder, so a failure leaves no half file."""
    return write_aside(path, lambda temporary: _draw(temporary, content))


def _draw(filename: str, c: SheetContent) -> None:
    width, height = LETTER
    canvas = Canvas(filename, pagesize=LETTER)
    canvas.setTitle(f"Sign-in sheet: {c.activity_title}")
    canvas.setAuthor(c.provider_name or "CME Desk")
    top = height - MARGIN
    text_width = width - 2 * MARGIN - QR_SIDE - 0.3 * inch

    y = top
    if c.provider_name:
        canvas.setFont("Helvetica", 10)
        canvas.drawString(MARGIN, y - 10, c.provider_name)
        y -= 18
    y = _wrapped(canvas, c.activity_title, "Helvetica-Bold", 18, MARGIN, y, text_width)
    details = [c.topic, c.when, c.room]
    y = _wrapped(canvas, " · ".join(d for d in details if d), "Helvetica", 11, MARGIN, y - 2, text_width)

    y -= 14
    canvas.setFont("Helvetica", 11)
    canvas.drawString(MARGIN, y - 11, "Attendance code")
    y -= 16
    canvas.setFont("Helvetica-Bold", 40)
    canvas.drawString(MARGIN, y - 38, c.grouped_code)
    y -= 50
    for line in (c.texting_instruction, c.portal_line, c.valid_until):
        if line:
            y = _wrapped(canvas, line, "Helvetica", 12, MARGIN, y, text_width)

    if c.qr_payload:
        _qr(canvas, c.qr_payload, width - MARGIN - QR_SIDE, top - QR_SIDE, QR_SIDE)
        canvas.setFont("Helvetica", 8)
        caption = "Scan to text your attendance" if c.qr_payload.startswith("SMSTO:") else "Scan to claim"
        canvas.drawCentredString(width - MARGIN - QR_SIDE / 2, top - QR_SIDE - 10, caption)
        y = min(y, top - QR_SIDE - 16)

    y -= 0.3 * inch
    canvas.setFont("Helvetica-Bold", 10)
    columns = (("", 0.35 * inch), ("Name (print)", 2.9 * inch), ("Degree", 0.9 * inch), ("Email", 0.0))
    x = MARGIN
    starts = []
    for title, span in columns:
        starts.append(x)
        canvas.drawString(x, y, title)
        x += span
    canvas.setLineWidth(0.5)
    number = 1
    y -= LINE_GAP
    canvas.setFont("Helvetica", 9)
    while y > MARGIN:
        canvas.drawRightString(starts[1] - 8, y + 2, str(number))
        canvas.line(starts[1], y, starts[2] - 10, y)
        canvas.line(starts[2], y, starts[3] - 10, y)
        canvas.line(starts[3], y, width - MARGIN, y)
        number += 1
        y -= LINE_GAP
    canvas.showPage()
    canvas.save()


def _wrapped(canvas: Canvas, text: str, font: str, size: float, x: float, y: float, width: float) -> float:
    """Draw `text` word-wrapped to `width` below `y`; returns the y under the last line."""
    canvas.setFont(font, size)
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and stringWidth(candidate, font, size) > width:
            y -= size * 1.25
            canvas.drawString(x, y, line)
            line = word
        else:
            line = candidate
    if line:
        y -= size * 1.25
        canvas.drawString(x, y, line)
    return y - size * 0.35


def _qr(canvas: Canvas, payload: str, x: float, y: float, side: float) -> None:
    """The QR code as filled squares, quiet zone included, so it prints sharp at any printer resolution."""
    matrix = qr_matrix(payload)
    module = side / matrix.size
    canvas.setFillColor(white)
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    canvas.setFillColor(black)
    # One rectangle per run of dark modules in a row, so viewers draw no hairline seams between modules.
    for r, row in enumerate(matrix.rows):
        col = 0
        while col < matrix.size:
            if not row[col]:
                col += 1
                continue
            end = col
            while end < matrix.size and row[end]:
                end += 1
            top = y + side - (r + 1) * module
            canvas.rect(x + col * module, top, (end - col) * module, module * 1.02, stroke=0, fill=1)
            col = end
