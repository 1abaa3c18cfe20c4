"""The one-page sign-in sheet for rooms without a projector: checked by its text and its QR code's payload."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from cme_desktop.services.context import Context
from cme_desktop.services.present.slides import write_signin_sheet
from tests.services.present_factory import make_session, office_settings


def test_the_sheet_has_the_code_the_instructions_and_a_working_qr_code(ctx: Context, tmp_path: Path) -> None:
    office_settings(ctx)
    folder = tmp_path / "sheets"
    folder.mkdir()
    out = write_signin_sheet(ctx, make_session(ctx), folder / "sheet.pdf")

    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Medicine Grand Rounds" in text
    assert "235 6446" in text
    assert "Text ATTEND 2356446 to (833) 558-2111" in text
    assert "or enter the code at cme.example.edu" in text
    assert "Valid until Saturday, December 5, 2026, 1:00 PM" in text
    assert "Name (print)" in text

    page = pypdfium2.PdfDocument(out)[0].render(scale=2).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(page)] == ["SMSTO:+18335582111:ATTEND 2356446"]
    assert list(folder.iterdir()) == [out]  # the temporary file is gone


def test_a_session_without_a_code_gets_no_sheet(ctx: Context, tmp_path: Path) -> None:
    office_settings(ctx)
    folder = tmp_path / "sheets"
    folder.mkdir()
    with pytest.raises(ValueError, match="no attendance code"):
        write_signin_sheet(ctx, make_session(ctx, code=None), folder / "sheet.pdf")
    assert list(folder.iterdir()) == []
