"""A learner's transcript: a portrait table of every claim, totals per credit type, page numbers."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, white
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cme_desktop.documents.files import write_aside
from cme_desktop.domain.documentation import TranscriptContent

NAVY = Color(0.11, 0.22, 0.37)
GREY = Color(0.35, 0.35, 0.38)
STRIPE = Color(0.95, 0.96, 0.98)
PAPER = {"letter": LETTER, "a4": A4}

_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=8.5, leading=10.5)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=7.5, leading=9.5, textColor=GREY)
_TITLE = ParagraphStyle("title", fontName="Times-Bold", fontSize=20, leading=24, textColor=NAVY)
_CODE = ParagraphStyle("code", parent=_SMALL, fontName="Courier", fontSize=7.5)
_HEAD = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=8.5, leading=10.5, textColor=white)


def write_transcript(path: Path, content: TranscriptContent, paper: str = "letter") -> Path:
    """Write the transcript through a temporary file in the same folder: a failure leaves no half-written PDF."""
    return write_aside(path, lambda temporary: _build(temporary, content, PAPER.get(paper, LETTER)))


def _build(filename: str, c: TranscriptContent, size: tuple[float, float]) -> None:
    margin = 0.6 * inch
    doc = SimpleDocTemplate(
        filename,
        pagesize=size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"Transcript: {c.learner_name}",
        author=c.provider_name,
    )
    width = size[0] - 2 * margin
    story: list[Flowable] = [
        Paragraph(escape(c.provider_name), ParagraphStyle("p", parent=_BODY, textColor=NAVY, fontSize=10)),
        Spacer(1, 4),
        Paragraph("Transcript of continuing education", _TITLE),
        Spacer(1, 6),
        Paragraph(
            f"<b>{escape(c.learner_name)}</b>", ParagraphStyle("n", parent=_BODY, fontSize=12, leading=15)
        ),
        Paragraph(f"{escape(c.period)} · issued {escape(c.generated_on)}", _SMALL),
        Spacer(1, 10),
    ]
    header: list[Paragraph | str] = [
        Paragraph(h, _HEAD) for h in ("Date", "Activity", "Format", "Credit type", "Credits", "Certificate")
    ]
    rows: list[list[Paragraph | str]] = [header]
    for line in c.lines:
        details = " · ".join(escape(x) for x in (line.topic, line.location) if x)
        activity = escape(line.activity) + (f"<br/><font color='#59595f'>{details}</font>" if details else "")
        rows.append(
            [
                Paragraph(line.day, _BODY),
                Paragraph(activity, _BODY),
                Paragraph(escape(line.format_label), _BODY),
                Paragraph(line.credit_name, _BODY),
                Paragraph(line.credits, _BODY),
                Paragraph(line.verification_code or "", _CODE),
            ]
        )
    if not c.lines:
        rows.append([Paragraph("No attendance in this period.", _BODY), "", "", "", "", ""])
    fractions = (0.11, 0.32, 0.15, 0.17, 0.09, 0.16)
    table = Table(rows, colWidths=[width * f for f in fractions], repeatRows=1)
    stripes = [("BACKGROUND", (0, i), (-1, i), STRIPE) for i in range(2, len(rows), 2)]
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, Color(0.8, 0.8, 0.84)),
                ("ALIGN", (4, 1), (4, -1), "RIGHT"),
                *stripes,
            ]
        )
    )
    story += [table, Spacer(1, 14), Paragraph("<b>Totals</b>", _BODY), Spacer(1, 3)]
    totals = [[Paragraph(name, _BODY), Paragraph(f"<b>{amount}</b>", _BODY)] for name, amount in c.totals]
    if totals:
        story.append(Table(totals, colWidths=[width * 0.35, width * 0.12], hAlign="LEFT"))
    else:
        story.append(Paragraph("No credits in this period.", _BODY))
    if c.statements:
        story.append(Spacer(1, 10))
        for statement in c.statements:
            story += [Spacer(1, 4), Paragraph(statement, _SMALL)]
    story += [
        Spacer(1, 4),
        Paragraph(
            "Certificates can be checked with their verification code. Revoked attendance is not listed.",
            _SMALL,
        ),
    ]

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(margin, margin / 2, f"{c.learner_name} · {c.provider_name}")
        canvas.drawRightString(size[0] - margin, margin / 2, f"Page {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
