"""Certificate PDFs carry every element of DOMAIN.md's documentation of participation, read back with pypdf;
the QR code decodes with a real decoder; long names shrink to fit; nothing half-written is left behind."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from cme_desktop.documents.certificate import (
    ArtworkMissing,
    layout,
    write_certificate_files,
    write_certificates,
)
from cme_desktop.domain.documentation import Artwork, CertificateContent
from cme_desktop.services.certificates.issuing import Selection, issue
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from tests.services.certificate_factory import PROVIDER, build_office


def _pages(path: Path) -> list[str]:
    # pypdf puts a space where the font changes (the italic credit name, then the roman ™ sign).
    return [" ".join(page.extract_text().split()).replace(" ™", "™") for page in PdfReader(path).pages]


def _by_name(contents: tuple[CertificateContent, ...]) -> dict[str, CertificateContent]:
    return {c.learner_name: c for c in contents}


def test_each_certificate_documents_participation_for_its_credit_type(ctx: Context, tmp_path: Path) -> None:
    """DOMAIN.md, "Credit": name and degree, provider, title, format, location if live, date, credits awarded
    with the wording for their type, the designation statement, and the accreditation behind that credit: the
    ACCME's for physicians (and participation), the ANCC's with the provider's address for nurses."""
    office = build_office(ctx)
    result = issue(ctx, Selection(session_id=office.session_id))
    out = write_certificates(tmp_path / "batch.pdf", result.certificates, result.artwork)
    pages = dict(zip((c.learner_name for c in result.certificates), _pages(out), strict=True))
    assert len(pages) == 3
    for name, text in pages.items():
        assert name in text
        for element in (
            PROVIDER.upper(),
            "Medicine Grand Rounds",
            "Sepsis Bundles",
            "Regularly scheduled series",
        ):
            assert element in text
        assert "Storm Eye Auditorium, Charleston, SC" in text
        assert "November 27, 2026" in text
    physician = pages["Jane Smith, MD"]
    accme = (
        f"{PROVIDER} is accredited by the Accreditation Council for Continuing Medical Education (ACCME) to provide "
        "continuing medical education for physicians."
    )
    assert accme in physician and accme in pages["Omar Haddad"]
    assert "1.25 AMA PRA Category 1 Credits™" in physician
    assert (
        f"{PROVIDER} designates this live activity for a maximum of 52 AMA PRA Category 1 Credits™. Physicians "
        "should claim only the credit commensurate with the extent of their participation in the activity."
    ) in physician
    nurse = pages["Maria Lopez, RN"]
    assert "1.25 contact hours" in nurse
    assert f"{PROVIDER} designates this continuing nursing education activity for 52 contact hours." in nurse
    assert (
        f"{PROVIDER} is accredited as a provider of nursing continuing professional development by the American "
        "Nurses Credentialing Center's Commission on Accreditation." in nurse
    )
    assert f"{PROVIDER} · 171 Ashley Avenue, Charleston, SC 29425" in nurse
    assert "AMA PRA" not in nurse and "ACCME" not in nurse
    other = pages["Omar Haddad"]  # no degree on file: the name alone
    assert "CERTIFICATE OF PARTICIPATION" in other
    assert "1.25 hours of participation" in other
    for text, content in zip(pages.values(), result.certificates, strict=True):
        assert content.verification_code in text


def test_the_credit_name_is_in_italics_with_the_trademark_after_it(ctx: Context, tmp_path: Path) -> None:
    office = build_office(ctx)
    result = issue(ctx, Selection(session_id=office.session_id))
    jane = _by_name(result.certificates)["Jane Smith, MD"]
    out = write_certificates(tmp_path / "jane.pdf", [jane], result.artwork)
    fonts: list[str] = []

    def visit(text: str, cm, tm, font_dict, size) -> None:  # type: ignore[no-untyped-def]
        if "AMA PRA Category 1 Credit" in text and font_dict:
            fonts.append(font_dict["/BaseFont"])

    PdfReader(out).pages[0].extract_text(visitor_text=visit)
    assert len(fonts) == 2  # the award line and the designation statement
    assert all("Italic" in f or "Oblique" in f for f in fonts)


def test_joint_providership_statement_names_both_providers(ctx: Context, tmp_path: Path) -> None:
    office = build_office(ctx, joint_provider="Charleston County Medical Society")
    result = issue(ctx, Selection(session_id=office.session_id))
    text = _pages(write_certificates(tmp_path / "j.pdf", result.certificates[:1], result.artwork))[0]
    assert (
        "through the joint providership of Lowcountry Medical University Office of CME and Charleston County "
        "Medical Society." in text
    )


def test_joint_accreditation_statement_when_the_office_is_jointly_accredited(
    ctx: Context, tmp_path: Path
) -> None:
    office = build_office(ctx)
    update_settings(ctx, {"jointly_accredited": True})
    result = issue(ctx, Selection(session_id=office.session_id))
    text = _pages(write_certificates(tmp_path / "ja.pdf", result.certificates[:1], result.artwork))[0]
    assert f"In support of improving patient care, {PROVIDER} is jointly accredited by the" in text
    assert "American Nurses Credentialing Center (ANCC)" in text


def test_enduring_material_has_no_location(ctx: Context, tmp_path: Path) -> None:
    office = build_office(ctx, fmt="enduring")
    result = issue(ctx, Selection(session_id=office.session_id))
    text = _pages(write_certificates(tmp_path / "e.pdf", result.certificates[:1], result.artwork))[0]
    assert "Enduring material" in text and "Storm Eye" not in text


def test_a_sixty_character_name_and_a_long_title_fit_on_the_page(ctx: Context, tmp_path: Path) -> None:
    office = build_office(ctx)
    base = issue(ctx, Selection(session_id=office.session_id)).certificates[0]
    name = "Maximiliana Alexandrina Konstantinopoulou-Vanderbilt, MD PhD"
    assert len(name) == 60
    title = (
        "Interdisciplinary Grand Rounds in Hospital Medicine, Critical Care and Perioperative Quality " * 2
    )
    content = replace(base, learner_name=name, activity_title=title.strip())
    for paper in ("letter", "a4"):
        fit = layout(content, paper)
        assert fit.name.lines == (name,)
        assert max(fit.name.widths) <= fit.text_width < fit.page_width
        assert max(fit.title.widths) <= fit.text_width
        assert " ".join(fit.title.lines) == " ".join(title.split())
        out = write_certificates(tmp_path / f"long-{paper}.pdf", [content], Artwork(paper=paper))
        text = _pages(out)[0]
        assert name in text
        for line in fit.title.lines:
            assert line in text


def test_a4_paper_is_landscape_a4(ctx: Context, tmp_path: Path) -> None:
    office = build_office(ctx)
    update_settings(ctx, {"paper_size": "a4"})
    result = issue(ctx, Selection(session_id=office.session_id))
    box = (
        PdfReader(write_certificates(tmp_path / "a4.pdf", result.certificates, result.artwork))
        .pages[0]
        .mediabox
    )
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def _decode_qr(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        image = document[0].render(scale=2).to_pil()
    finally:
        document.close()
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def test_the_qr_code_decodes_to_the_verify_address_with_the_code(ctx: Context, tmp_path: Path) -> None:
    office = build_office(ctx)
    result = issue(ctx, Selection(session_id=office.session_id))
    cert = result.certificates[0]
    decoded = _decode_qr(write_certificates(tmp_path / "qr.pdf", [cert], result.artwork))
    assert decoded == [f"https://cme.example.edu/verify?code={cert.verification_code}"]


def test_without_a_verify_address_the_qr_code_opens_the_portals_verify_page(
    ctx: Context, tmp_path: Path
) -> None:
    """Issue 17, item 6: certificates' QR codes point at the portal's /verify/CODE when it has an address."""
    office = build_office(ctx, verify_url="")
    update_settings(ctx, {"portal_url": "https://cme.example.edu/"})
    result = issue(ctx, Selection(session_id=office.session_id))
    cert = result.certificates[0]
    assert _decode_qr(write_certificates(tmp_path / "qr.pdf", [cert], result.artwork)) == [
        f"https://cme.example.edu/verify/{cert.verification_code}"
    ]


def test_without_a_verify_or_portal_address_the_qr_code_holds_the_code_itself(
    ctx: Context, tmp_path: Path
) -> None:
    office = build_office(ctx, verify_url="")
    result = issue(ctx, Selection(session_id=office.session_id))
    cert = result.certificates[0]
    assert _decode_qr(write_certificates(tmp_path / "qr.pdf", [cert], result.artwork)) == [
        cert.verification_code
    ]


def test_a_missing_logo_is_named_and_no_pdf_is_left(ctx: Context, tmp_path: Path) -> None:
    office = build_office(ctx)
    update_settings(ctx, {"certificate_logo_path": str(tmp_path / "gone.png")})
    result = issue(ctx, Selection(session_id=office.session_id))
    with pytest.raises(
        ArtworkMissing, match=r"logo file .*gone\.png is missing; choose it again in Settings"
    ):
        write_certificates(tmp_path / "out.pdf", result.certificates, result.artwork)
    assert list(tmp_path.glob("*.pdf*")) == []


def test_logo_and_signature_images_are_drawn(ctx: Context, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 100), (20, 60, 120)).save(tmp_path / "logo.png")
    Image.new("RGB", (400, 120), (10, 10, 10)).save(tmp_path / "signature.png")
    office = build_office(ctx)
    update_settings(
        ctx,
        {
            "certificate_logo_path": str(tmp_path / "logo.png"),
            "certificate_signature_path": str(tmp_path / "signature.png"),
        },
    )
    result = issue(ctx, Selection(session_id=office.session_id))
    out = write_certificates(tmp_path / "art.pdf", result.certificates, result.artwork)
    page = PdfReader(out).pages[0]
    assert len(page.images) == 2


def test_cancelling_leaves_no_half_written_pdf(ctx: Context, tmp_path: Path) -> None:
    office = build_office(ctx)
    result = issue(ctx, Selection(session_id=office.session_id))

    class Stop(Exception):
        pass

    def progress(done: int, total: int) -> None:
        if done == 2:
            raise Stop

    out = tmp_path / "pdfs"
    out.mkdir()
    with pytest.raises(Stop):
        write_certificates(out / "batch.pdf", result.certificates, result.artwork, progress)
    assert list(out.iterdir()) == []


def test_one_file_per_learner_is_named_by_date_activity_and_learner(ctx: Context, tmp_path: Path) -> None:
    office = build_office(ctx, title="Grand Rounds: Medicine/Surgery")
    result = issue(ctx, Selection(session_id=office.session_id))
    files = write_certificate_files(tmp_path, result.certificates, result.artwork)
    assert sorted(p.name for p in files) == [
        "2026-11-27 Grand Rounds- Medicine-Surgery - Haddad, Omar.pdf",
        "2026-11-27 Grand Rounds- Medicine-Surgery - Lopez, Maria.pdf",
        "2026-11-27 Grand Rounds- Medicine-Surgery - Smith, Jane.pdf",
    ]
    assert all(len(PdfReader(p).pages) == 1 for p in files)
