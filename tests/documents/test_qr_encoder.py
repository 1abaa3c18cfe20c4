"""The fast certificate QR encoder makes exactly the matrix the qrcode package makes for the same mask."""

from __future__ import annotations

import qrcode
from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode.constants import ERROR_CORRECT_M
from qrcode.util import MODE_8BIT_BYTE, QRData

from cme_desktop.documents.qr_encoder import qr_matrix, qr_rows


def _reference(payload: str, mask: int) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=mask)
    code.add_data(QRData(payload.encode("utf-8"), mode=MODE_8BIT_BYTE))
    code.make(fit=True)
    return [[bool(m) for m in row] for row in code.modules]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=240), st.integers(min_value=0, max_value=7))
def test_matrices_equal_the_qrcode_packages(payload: str, mask: int) -> None:
    assert qr_matrix(payload, mask) == _reference(payload, mask)


def test_every_version_up_to_ten_and_the_fallback_beyond() -> None:
    for length in (0, 14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 214, 400):
        payload = "https://cme.example.edu/verify?code=" + "K" * max(0, length - 36)
        assert qr_matrix(payload) == _reference(payload, 2)
        assert qr_rows(payload) == ["".join("1" if m else "0" for m in row) for row in qr_matrix(payload)]
