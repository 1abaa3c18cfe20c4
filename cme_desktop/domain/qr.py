"""What the attendance QR code encodes, the texting instruction beside it, and the code's module matrix.

By default the QR code is an SMS deep link (`SMSTO:+18335582111:ATTEND 2356446`) that opens the phone's texting
app with the message filled in; it is all upper case so the whole payload fits QR's compact alphanumeric mode.
An office with a portal can switch it to a URL template containing `{code}`.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers

from cme_desktop.errors import InputError

SMS = "sms"
PORTAL = "portal"
QR_MODES = (SMS, PORTAL)
QUIET_ZONE = 4  # modules of light margin the QR specification requires around the symbol


class QrSettingError(InputError):
    """The office's texting number or portal template cannot make a QR code; one sentence for a coordinator."""


def attend_message(code: str) -> str:
    """The text a learner sends: 'ATTEND 2356446'."""
    return f"ATTEND {code}"


def e164(number: str) -> str:
    """The office's number as +18335582111, whatever punctuation it was typed with (US if no country code)."""
    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException as error:
        raise QrSettingError(f"The texting number '{number}' is not a phone number.") from error
    if not phonenumbers.is_possible_number(parsed):
        raise QrSettingError(f"The texting number '{number}' is not a phone number.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def readable_number(number: str) -> str:
    """The number as people read it: '(833) 558-2111' for a US number, international form otherwise."""
    parsed = phonenumbers.parse(e164(number), "US")
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if parsed.country_code == 1
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, style)


def texting_instruction(code: str, number: str) -> str:
    """'Text ATTEND 2356446 to (833) 558-2111'."""
    return f"Text {attend_message(code)} to {readable_number(number)}"


def sms_payload(number: str, code: str) -> str:
    """'SMSTO:+18335582111:ATTEND 2356446': opens the texting app addressed and filled in."""
    return f"SMSTO:{e164(number)}:{attend_message(code)}".upper()


def portal_payload(template: str, code: str) -> str:
    """The portal address with the code in it, from a template such as 'https://cme.example.edu/attend?c={code}'."""
    if "{code}" not in template:
        raise QrSettingError(
            "The portal address for the QR code needs {code} where the attendance code goes."
        )
    return template.replace("{code}", code)


def qr_payload(mode: str, code: str, number: str, template: str) -> str | None:
    """What the QR code encodes for these office settings; None when they give nothing to encode."""
    if mode == PORTAL and template.strip():
        return portal_payload(template.strip(), code)
    if mode not in QR_MODES:
        raise QrSettingError(f"'{mode}' is not a QR code choice (sms or portal).")
    if number.strip():
        return sms_payload(number, code)
    return None


def portal_address(url: str) -> str:
    """A portal address as it reads best on a slide: no 'https://' and no trailing slash."""
    text = url.strip()
    for scheme in ("https://", "http://"):
        if text.lower().startswith(scheme):
            text = text[len(scheme) :]
    return text.rstrip("/")


@dataclass(frozen=True)
class QrMatrix:
    """The dark (True) and light modules of a QR code, quiet zone included, row by row."""

    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        return len(self.rows)


def qr_matrix(payload: str) -> QrMatrix:
    """The module matrix for `payload`: error correction M, a quiet zone of 4 modules, smallest version that fits."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    return QrMatrix(tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix()))


def module_pixels(matrix_size: int, available: int) -> int:
    """Whole pixels per module so the code (quiet zone included) fits in `available` pixels; at least 1."""
    return max(1, available // matrix_size)
