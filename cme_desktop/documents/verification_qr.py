"""The verification QR code drawn straight onto a PDF page as vector squares.

One path of merged horizontal runs per code keeps a page small and fast to draw (a thousand certificates, each
with its own code, in one batch). The mask pattern is fixed: every mask is valid QR, and trying all eight costs
more than the rest of the page.
"""

from __future__ import annotations

import re

from reportlab.pdfgen.canvas import Canvas

from cme_desktop.documents.qr_encoder import qr_rows

QUIET = 4  # modules of light margin the QR specification requires around the symbol
_RUN = re.compile("1+")


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, side: float) -> None:
    """Draw the code with its lower-left corner at (x, y), `side` points square, quiet zone included.

    The squares are written as PDF operators in module units (whole numbers) under one transform: reportlab's
    own path calls format every coordinate in pure Python, which would cost more than the rest of the page.
    """
    rows = qr_rows(payload)
    unit = side / (len(rows) + 2 * QUIET)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    # Module (column c, row r) covers [c, c+1] x [r, r+1], rows counted downwards from the symbol's top edge.
    ops = [f"{unit:.5f} 0 0 {-unit:.5f} {x + QUIET * unit:.3f} {y + side - QUIET * unit:.3f} cm"]
    for r, row in enumerate(rows):
        ops.extend(f"{m.start()} {r} {m.end() - m.start()} 1 re" for m in _RUN.finditer(row))
    ops.append("f")
    canvas.addLiteral("\n".join(ops))
    canvas.restoreState()
