"""The printable disclosure to learners (ACCME Standard 3, step 5): who has relevant financial relationships, with
which companies (names only) and of what nature, and that all were mitigated; or that no one has any."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cme_desktop.documents.files import write_aside

MARGIN = 0.8 * inch


@dataclass(frozen=True)
class HandoutRow:
    """One relationship line of the table: the person's name and roles, the company, the nature(s)."""

    person: str
    roles: str
    company: str
    nature: str


@dataclass(frozen=True)
class HandoutContent:
    provider_name: str
    activity_title: str
    when: str
    intro: str | None  # the sentence above the table; None when no one has relevant relationships
    rows: tuple[HandoutRow, ...]
    closing_lines: tuple[str, ...]  # "all mitigated", the people without relevant relationships, or "none"
    prepared: str
    draft_notice: str | None = None


def write_handout(path: Path, content: HandoutContent) -> Path:
    """Write the handout to `path` through a temporary file in the same folder, so a failure leaves no half file."""
    return write_aside(path, lambda temporary: _build(temporary, content))


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=11, leading=15)
    return {
        "provider": ParagraphStyle(
            "provider", parent=body, fontSize=10, textColor=colors.HexColor("#444444")
        ),
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=18, leading=23),
        "when": ParagraphStyle("when", parent=body, textColor=colors.HexColor("#444444")),
        "heading": ParagraphStyle("heading", parent=body, fontName="Helvetica-Bold", fontSize=13, leading=17),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=13),
        "head": ParagraphStyle("head", parent=body, fontName="Helvetica-Bold", fontSize=10, leading=13),
        "draft": ParagraphStyle(
            "draft",
            parent=body,
            fontName="Helvetica-Bold",
            textColor=colors.HexColor("#9a1c1c"),
            borderPadding=6,
        ),
        "footer": ParagraphStyle(
            "footer", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#555555")
        ),
    }


def _build(filename: str, c: HandoutContent) -> None:
    s = _styles()
    doc = SimpleDocTemplate(
        filename,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"Disclosure to learners: {c.activity_title}",
        author=c.provider_name or "CME Desk",
    )
    story: list[Flowable] = []
    if c.draft_notice:
        story += [Paragraph(escape(c.draft_notice), s["draft"]), Spacer(1, 10)]
    if c.provider_name:
        story.append(Paragraph(escape(c.provider_name), s["provider"]))
    story += [Paragraph(escape(c.activity_title), s["title"])]
    if c.when:
        story.append(Paragraph(escape(c.when), s["when"]))
    story += [Spacer(1, 16), Paragraph("Disclosure of financial relationships", s["heading"]), Spacer(1, 6)]
    if c.intro:
        story += [Paragraph(escape(c.intro), s["body"]), Spacer(1, 8), _table(c.rows, s), Spacer(1, 10)]
    for line in c.closing_lines:
        story += [Paragraph(escape(line), s["body"]), Spacer(1, 6)]
    story += [
        Spacer(1, 18),
        Paragraph(
            escape(
                "Disclosed to learners under the ACCME Standards for Integrity and Independence in Accredited"
                f" Continuing Education, Standard 3. Ineligible companies are named only. Prepared {c.prepared}."
            ),
            s["footer"],
        ),
    ]
    doc.build(story)


def _table(rows: Sequence[HandoutRow], s: dict[str, ParagraphStyle]) -> Table:
    width = LETTER[0] - 2 * MARGIN
    header = [
        Paragraph(t, s["head"]) for t in ("Name", "Role", "Ineligible company", "Nature of relationship")
    ]
    body = [[Paragraph(escape(x), s["cell"]) for x in (r.person, r.roles, r.company, r.nature)] for r in rows]
    table = Table(
        [header, *body], colWidths=[width * 0.27, width * 0.17, width * 0.3, width * 0.26], repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#b8c2cc")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table
