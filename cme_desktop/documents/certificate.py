"""Certificates of credit and participation: one landscape page per certificate (US Letter or A4).

The parts every page of a batch shares (border, logo, provider, signature, and each activity's statements) are
drawn once as PDF forms and placed on each page, so a thousand-page batch stays small and quick to write.
Long names and titles shrink to fit and wrap to a second line; nothing is clipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from cme_desktop.documents.files import write_aside
from cme_desktop.documents.verification_qr import draw_qr
from cme_desktop.domain.documentation import Artwork, CertificateContent
from cme_desktop.domain.vocabulary import CreditType

PAPER = {"letter": landscape(LETTER), "a4": landscape(A4)}
NAVY = Color(0.11, 0.22, 0.37)
GOLD = Color(0.70, 0.56, 0.33)
INK = Color(0.12, 0.12, 0.14)
GREY = Color(0.35, 0.35, 0.38)
BORDER = 20.0  # outer frame inset
MARGIN = 58.0  # text keeps this far from the paper's edge
QR_SIDE = 74.0
BOTTOM_ROW = 100.0  # height of signature / issue date / QR row above the frame

Drawer = Callable[[Canvas, str, float, float, float], None]
Progress = Callable[[int, int], None]


class ArtworkMissing(FileNotFoundError):
    """A logo or signature file named in Settings cannot be read; one sentence for a coordinator."""


@dataclass(frozen=True)
class FittedText:
    lines: tuple[str, ...]
    font: str
    size: float
    widths: tuple[float, ...]  # drawn width of each line, in points


@dataclass(frozen=True)
class Layout:
    page_width: float
    page_height: float
    text_width: float
    name: FittedText
    title: FittedText


def fit_text(
    text: str, font: str, largest: float, smallest: float, width: float, max_lines: int = 2
) -> FittedText:
    """The largest size (down to `smallest`) at which `text` fits `width` on one line; past that, wrap onto up
    to `max_lines` lines, and shrink further only if even that does not fit. Never wider than `width`."""
    text = " ".join(text.split())
    unit = stringWidth(text, font, 1) or 1.0
    size = min(largest, width / unit)
    if size >= smallest:
        return FittedText((text,), font, size, (unit * size,))
    size = smallest
    while True:
        lines = _wrap(text, font, size, width)
        if len(lines) <= max_lines and all(stringWidth(line, font, size) <= width for line in lines):
            return FittedText(tuple(lines), font, size, tuple(stringWidth(li, font, size) for li in lines))
        size *= 0.94


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if current and stringWidth(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    return lines


def layout(content: CertificateContent, paper: str = "letter") -> Layout:
    """Where the name and title go and at what size, for tests and for drawing."""
    width, height = PAPER.get(paper, PAPER["letter"])
    text_width = width - 2 * MARGIN
    return Layout(
        width,
        height,
        text_width,
        fit_text(content.learner_name, "Times-Bold", 40, 22, text_width, max_lines=2),
        fit_text(content.activity_title, "Times-Bold", 24, 15, text_width, max_lines=2),
    )


def check_artwork(artwork: Artwork) -> None:
    """Refuse before drawing anything when a logo or signature named in Settings is missing or unreadable."""
    for label, path in (("logo", artwork.logo_path), ("signature image", artwork.signature_path)):
        if not path:
            continue
        if not Path(path).is_file():
            raise ArtworkMissing(
                f"The certificate {label} file {path} is missing; choose it again in Settings, or clear it."
            )
        try:
            ImageReader(path).getSize()
        except Exception as error:
            raise ArtworkMissing(
                f"The certificate {label} file {path} is not a picture this program can read (use PNG or JPEG)."
            ) from error


def write_certificates(
    path: Path,
    contents: Sequence[CertificateContent],
    artwork: Artwork,
    progress: Progress | None = None,
    qr: Drawer = draw_qr,
) -> Path:
    """One PDF with a page per certificate, written through a temporary file in the same folder: a failure or a
    cancel (progress raising) leaves no half-written PDF behind."""
    check_artwork(artwork)

    def draw(temporary: str) -> None:
        with _binary_streams():
            _Batch(temporary, artwork, qr).draw_all(contents, progress)

    return write_aside(path, draw)


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Compressed page streams without the ASCII85 layer: reportlab encodes it in pure Python, which costs more
    than drawing the page, and every PDF reader takes binary streams."""
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


def write_certificate_files(
    folder: Path,
    contents: Sequence[CertificateContent],
    artwork: Artwork,
    progress: Progress | None = None,
) -> list[Path]:
    """One PDF per certificate in `folder`, named '2026-11-27 Grand Rounds - Smith, Jane.pdf'."""
    check_artwork(artwork)
    folder = Path(folder)
    written: list[Path] = []
    used: set[str] = set()
    for done, content in enumerate(contents, start=1):
        stem = content.file_stem
        n = 2
        while stem.lower() in used:
            stem = f"{content.file_stem} ({n})"
            n += 1
        used.add(stem.lower())
        written.append(write_certificates(folder / f"{stem}.pdf", [content], artwork))
        if progress is not None:
            progress(done, len(contents))
    return written


class _Batch:
    def __init__(self, filename: str, artwork: Artwork, qr: Drawer) -> None:
        self.size = PAPER.get(artwork.paper, PAPER["letter"])
        self.canvas = Canvas(filename, pagesize=self.size)
        self.artwork = artwork
        self.qr = qr
        self.forms: dict[tuple[str, ...], tuple[str, float]] = {}
        self.background: str | None = None

    def draw_all(self, contents: Iterable[CertificateContent], progress: Progress | None) -> None:
        contents = list(contents)
        canvas = self.canvas
        if contents:
            first = contents[0]
            canvas.setTitle(
                f"Certificate: {first.learner_name}"
                if len(contents) == 1
                else f"Certificates: {first.activity_title}"
            )
            canvas.setAuthor(first.provider_name or "CME Desk")
        for done, content in enumerate(contents, start=1):
            self.page(content)
            canvas.showPage()
            if progress is not None:
                progress(done, len(contents))
        if not contents:
            canvas.drawString(MARGIN, self.size[1] / 2, "No certificates.")
            canvas.showPage()
        canvas.save()

    def page(self, c: CertificateContent) -> None:
        canvas = self.canvas
        height = self.size[1]
        canvas.doForm(self._background(c.provider_name))
        statements_top = BORDER + BOTTOM_ROW + 6
        if c.statements:
            name, statements_top = self._statements(c.statements)
            canvas.doForm(name)
        self._middle(c, height - BORDER - self._header_height() - 8, statements_top + 10)
        self._bottom(c)
        if c.sample:
            self._sample_mark()

    def _sample_mark(self) -> None:
        """Across a preview page: it was not issued and proves nothing."""
        canvas = self.canvas
        width, height = self.size
        canvas.saveState()
        canvas.setFillColor(Color(0.70, 0.15, 0.12, alpha=0.18))
        canvas.setFont("Helvetica-Bold", 64)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(24)
        canvas.drawCentredString(0, -20, "SAMPLE · NOT ISSUED")
        canvas.restoreState()

    # Shared parts, drawn once per batch as forms.
    def _header_height(self) -> float:
        return 96.0 if self.artwork.logo_path else 56.0

    def _background(self, provider: str) -> str:
        if self.background is not None:
            return self.background
        canvas = self.canvas
        width, height = self.size
        self.background = "background"
        canvas.beginForm(self.background)
        canvas.setStrokeColor(NAVY)
        canvas.setLineWidth(3)
        canvas.rect(BORDER, BORDER, width - 2 * BORDER, height - 2 * BORDER)
        canvas.setStrokeColor(GOLD)
        canvas.setLineWidth(0.8)
        canvas.rect(BORDER + 7, BORDER + 7, width - 2 * BORDER - 14, height - 2 * BORDER - 14)
        canvas.setFillColor(GOLD)
        for x, y in ((BORDER + 7, BORDER + 7), (width - BORDER - 7, BORDER + 7)):
            for yy in (y, height - y):
                _diamond(canvas, x, yy, 5)
        y = height - BORDER - 18
        if self.artwork.logo_path:
            reader = ImageReader(self.artwork.logo_path)
            w, h = _fit_box(reader, 200, 44)
            canvas.drawImage(reader, (width - w) / 2, y - h, w, h, mask="auto")
            y -= h + 6
        fitted = fit_text(provider.upper(), "Times-Bold", 14, 8, width - 2 * MARGIN, max_lines=1)
        canvas.setFillColor(NAVY)
        canvas.setFont(fitted.font, fitted.size)
        canvas.drawCentredString(width / 2, y - fitted.size, fitted.lines[0], charSpace=1.2)
        self._signature_block(provider)
        canvas.endForm()
        return self.background

    def _signature_block(self, provider: str) -> None:
        canvas = self.canvas
        x, y = MARGIN + 6, BORDER + 44
        line = 210.0
        if self.artwork.signature_path:
            reader = ImageReader(self.artwork.signature_path)
            w, h = _fit_box(reader, line, 44)
            canvas.drawImage(reader, x + (line - w) / 2, y + 2, w, h, mask="auto")
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        canvas.line(x, y, x + line, y)
        canvas.setFillColor(GREY)
        signer = self.artwork.signer.strip() or provider
        fitted = fit_text(signer, "Helvetica", 8.5, 6, line, max_lines=2)
        canvas.setFont(fitted.font, fitted.size)
        for i, text in enumerate(fitted.lines):
            canvas.drawCentredString(x + line / 2, y - 11 - i * (fitted.size + 2), text)

    def _statements(self, statements: tuple[str, ...]) -> tuple[str, float]:
        """The accreditation and designation paragraphs above the bottom row, as a form; returns it and its top."""
        if statements in self.forms:
            return self.forms[statements]
        width, _height = self.size
        box = width - 2 * MARGIN - 40
        style = ParagraphStyle(
            "statement", fontName="Helvetica", fontSize=7.8, leading=9.6, alignment=TA_CENTER
        )
        paragraphs = [Paragraph(s, style) for s in statements]
        heights = [p.wrap(box, 1000)[1] for p in paragraphs]
        top = BORDER + BOTTOM_ROW + sum(heights) + 5 * (len(paragraphs) - 1)
        name = f"statements{len(self.forms)}"
        self.canvas.beginForm(name)
        self.canvas.setFillColor(GREY)
        y = top
        for paragraph, h in zip(paragraphs, heights, strict=True):
            y -= h
            paragraph.drawOn(self.canvas, (width - box) / 2, y)
            y -= 5
        self.canvas.endForm()
        self.forms[statements] = (name, top)
        return self.forms[statements]

    # What differs on every page.
    def _middle(self, c: CertificateContent, top: float, bottom: float) -> None:
        canvas = self.canvas
        width, _ = self.size
        fits = layout(c, self.artwork.paper)
        credit = c.credit_type != CreditType.PARTICIPATION
        rows: list[tuple[str, str, float, Color, float]] = [
            (
                "CERTIFICATE OF CREDIT" if credit else "CERTIFICATE OF PARTICIPATION",
                "Times-Roman",
                27,
                NAVY,
                10,
            ),
            ("This is to certify that", "Times-Italic", 13, INK, 8),
        ]
        rows += [(line, fits.name.font, fits.name.size, INK, 2) for line in fits.name.lines]
        rows += [("__rule__", "", 0, GOLD, 10), ("participated in", "Times-Italic", 13, INK, 6)]
        rows += [(line, fits.title.font, fits.title.size, NAVY, 2) for line in fits.title.lines]
        if c.topic:
            topic = fit_text(c.topic, "Times-Italic", 15, 10, fits.text_width, max_lines=2)
            rows += [(line, topic.font, topic.size, INK, 2) for line in topic.lines]
        details = "  ·  ".join(x for x in (c.format_label, c.location, c.dates) if x)
        detail = fit_text(details, "Helvetica", 10.5, 8.5, fits.text_width, max_lines=3)
        rows.append(("__gap__", "", 4, INK, 0))
        rows += [(line, detail.font, detail.size, GREY, 3) for line in detail.lines]
        rows += [("and was awarded" if credit else "and is recorded for", "Times-Italic", 13, INK, 8)]
        rows.append(("__award__", "Times-Bold", 21, NAVY, 0))
        gaps = sum(after for *_, after in rows)
        slack = top - bottom - sum(size * 1.05 + after for _, _, size, _, after in rows)
        stretch = min(max(slack, 0.0) / gaps, 1.6)  # spread the spare height between the lines first
        y = top - max(0.0, slack - stretch * gaps) / 2
        rows = [(t, f, s, col, after * (1 + stretch)) for t, f, s, col, after in rows]
        for text, font, size, color, after in rows:
            if text == "__rule__":
                rule = min(max(fits.name.widths) + 40, fits.text_width)
                canvas.setStrokeColor(GOLD)
                canvas.setLineWidth(0.8)
                canvas.line((width - rule) / 2, y - 2, (width + rule) / 2, y - 2)
                y -= after
                continue
            if text == "__gap__":
                y -= size
                continue
            y -= size
            canvas.setFillColor(color)
            if text == "__award__":
                _draw_runs(canvas, c.award, font, size, width / 2, y, fits.text_width)
            else:
                canvas.setFont(font, size)
                canvas.drawCentredString(width / 2, y, text, charSpace=2.5 if font == "Times-Roman" else 0)
            y -= size * 0.05 + after

    def _bottom(self, c: CertificateContent) -> None:
        canvas = self.canvas
        width, _ = self.size
        canvas.setFillColor(GREY)
        canvas.setFont("Helvetica", 8.5)
        canvas.drawCentredString(width / 2, BORDER + 33, f"Issued {c.issued_on}")
        x = width - MARGIN - QR_SIDE + 6
        y = BORDER + 20
        self.qr(canvas, c.qr_payload, x, y, QR_SIDE)
        canvas.setFont("Helvetica", 7.5)
        canvas.drawRightString(x - 8, y + 46, "Verification code")
        canvas.setFillColor(INK)
        canvas.setFont("Courier-Bold", 12)
        canvas.drawRightString(x - 8, y + 32, c.verification_code)
        if c.qr_payload != c.verification_code:
            address = re.sub(r"^https?://", "", c.qr_payload.split("?")[0].replace(c.verification_code, ""))
            canvas.setFillColor(GREY)
            canvas.setFont("Helvetica", 7.5)
            canvas.drawRightString(x - 8, y + 20, f"Check it at {address.rstrip('/')}")


def _draw_runs(
    canvas: Canvas, markup: str, font: str, size: float, centre: float, y: float, width: float
) -> None:
    """Centred text with <i>...</i> runs in the italic of `font` (the AMA credit name), shrunk to fit `width`."""
    italic = {"Times-Bold": "Times-BoldItalic", "Times-Roman": "Times-Italic"}.get(font, font)
    runs = [(part, italic if i % 2 else font) for i, part in enumerate(re.split(r"</?i>", markup)) if part]
    runs = [(_unescape(text), f) for text, f in runs]
    total = sum(stringWidth(text, f, size) for text, f in runs)
    if total > width:
        size *= width / total
        total = width
    x = centre - total / 2
    for text, f in runs:
        canvas.setFont(f, size)
        canvas.drawString(x, y, text)
        x += stringWidth(text, f, size)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _fit_box(reader: ImageReader, max_w: float, max_h: float) -> tuple[float, float]:
    w, h = reader.getSize()
    scale = min(max_w / w, max_h / h)
    return w * scale, h * scale


def _diamond(canvas: Canvas, x: float, y: float, r: float) -> None:
    path = canvas.beginPath()
    path.moveTo(x, y + r)
    path.lineTo(x + r, y)
    path.lineTo(x, y - r)
    path.lineTo(x - r, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
