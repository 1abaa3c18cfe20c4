"""1,000 certificates, each with its own QR code, in one PDF (issue 7, "Measured").

    uv run python benchmarks/certificates.py [--count 1000] [--runs 3]

Pages per second of the app's certificate writer, against the same pages with the QR code drawn by reportlab's
own QR widget (reportlab.graphics.barcode.qr) in the same run. Targets: at least 500 pages per second, and at
least 8 times the widget version. The figure is the median of the runs, each writing a fresh file.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas

from cme_desktop.documents.certificate import write_certificates
from cme_desktop.documents.verification_qr import draw_qr
from cme_desktop.domain.documentation import (
    Artwork,
    CertificateContent,
    accreditation_statements,
    ama_designation,
    credit_phrase,
)
from cme_desktop.domain.verification import new_code, verify_payload

PROVIDER = "Lowcountry Medical University Office of CME"
VERIFY = "https://cme.example.edu/verify"


def contents(count: int) -> list[CertificateContent]:
    base = CertificateContent(
        learner_name="",
        provider_name=PROVIDER,
        activity_title="Medicine Grand Rounds",
        topic="Sepsis Bundles: What Still Matters",
        format_label="Regularly scheduled series",
        location="Storm Eye Auditorium, Charleston, SC",
        dates="November 27, 2026",
        credit_type="ama_pra_1",
        award=credit_phrase("ama_pra_1", 4),
        statements=(
            ama_designation(PROVIDER, "rss", 208),
            *accreditation_statements(
                PROVIDER, "Lowcountry Medical University is accredited by the ACCME.", False, None
            ),
        ),
        verification_code="",
        qr_payload="",
        issued_on="November 28, 2026",
        file_stem="",
    )
    out = []
    for i in range(count):
        code = new_code()
        out.append(
            replace(
                base,
                learner_name=f"Learner Number{i} Example, MD",
                verification_code=code,
                qr_payload=verify_payload(VERIFY, code),
            )
        )
    return out


def draw_qr_widget(canvas: Canvas, payload: str, x: float, y: float, side: float) -> None:
    """The same code through reportlab's QR widget, scaled to the same square."""
    widget = QrCodeWidget(payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def pages_per_second(batch: list[CertificateContent], qr, folder: Path) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    write_certificates(folder / "batch.pdf", batch, Artwork(), qr=qr)
    return len(batch) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    batch = contents(args.count)
    ours: list[float] = []
    widget: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        pages_per_second(batch[:20], draw_qr, Path(folder))  # warm-up: imports, font metrics, caches
        for run in range(args.runs):
            ours.append(pages_per_second(batch, draw_qr, Path(folder)))
            size = (Path(folder) / "batch.pdf").stat().st_size
            widget.append(pages_per_second(batch, draw_qr_widget, Path(folder)))
            print(
                f"run {run + 1}: app {ours[-1]:7.0f} pages/s ({size / 1e6:.1f} MB), widget {widget[-1]:6.0f} pages/s"
            )
    app, other = statistics.median(ours), statistics.median(widget)
    print(f"\n{args.count} certificates, each with its own QR code, one PDF (median of {args.runs} runs)")
    print(f"  app's writer:          {app:7.0f} pages/s  ({1000 / app:.2f} ms a page)")
    print(f"  reportlab's QR widget: {other:7.0f} pages/s  ({1000 / other:.2f} ms a page)")
    print(f"  ratio:                 {app / other:7.1f}x")
    print(
        f"  target >= 500 pages/s: {'met' if app >= 500 else 'NOT met'}; target >= 8x: {'met' if app / other >= 8 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
