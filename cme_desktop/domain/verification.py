"""Certificate verification codes: random, non-sequential, easy to read aloud and to type back.

A code is 12 characters from an alphabet without 0/O and 1/I (so nobody has to ask "zero or oh?"), printed in
groups of four: K7QF-3M9X-T2PD. The last character is a Luhn mod 32 check character, so a mistyped character or
two swapped neighbours are told apart from a code that was never issued. 55 random bits: guessing a valid code
is hopeless, and codes say nothing about how many certificates the office has issued.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import parse_qs, urlsplit

from cme_desktop.errors import InputError

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 12
GROUP = 4
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}
_N = len(ALPHABET)


class MalformedCode(InputError):
    """What was typed cannot be a verification code (wrong length, letters never used, or a typo)."""


def _check_character(body: str) -> str:
    """Luhn mod N over the alphabet: catches every single substitution and most swaps of neighbours."""
    factor = 2
    total = 0
    for ch in reversed(body):
        addend = factor * _INDEX[ch]
        factor = 1 if factor == 2 else 2
        total += addend // _N + addend % _N
    return ALPHABET[(_N - total % _N) % _N]


def new_code(choice=secrets.choice) -> str:  # type: ignore[no-untyped-def]
    """A fresh code like 'K7QF-3M9X-T2PD' from the operating system's secure random source."""
    body = "".join(choice(ALPHABET) for _ in range(LENGTH - 1))
    return group(body + _check_character(body))


def group(compact: str) -> str:
    return "-".join(compact[i : i + GROUP] for i in range(0, len(compact), GROUP))


def _extract(text: str) -> str:
    """The code part of what someone typed or scanned: a bare code, or the verify address with it."""
    text = text.strip()
    if "://" in text:
        parts = urlsplit(text)
        query = parse_qs(parts.query)
        if "code" in query:
            return query["code"][0]
        return parts.path.rstrip("/").rsplit("/", 1)[-1]
    return text


def normalize(text: str) -> str:
    """The canonical 'XXXX-XXXX-XXXX' form of a typed code; raises MalformedCode with a sentence when it can't be."""
    compact = re.sub(r"[\s\-–—.]", "", _extract(text)).upper()
    if not compact:
        raise MalformedCode("Type the verification code printed on the certificate, like K7QF-3M9X-T2PD.")
    wrong = sorted({ch for ch in compact if ch not in _INDEX})
    if wrong:
        confusable = [ch for ch in wrong if ch in "0O1I"]
        if confusable:
            raise MalformedCode(
                "Verification codes never contain 0, O, 1 or I; check the code on the certificate again."
            )
        raise MalformedCode(
            f"'{text.strip()}' is not a verification code: it has characters codes never use."
        )
    if len(compact) != LENGTH:
        raise MalformedCode(
            f"A verification code has {LENGTH} letters and digits (like K7QF-3M9X-T2PD); this one has {len(compact)}."
        )
    if _check_character(compact[:-1]) != compact[-1]:
        raise MalformedCode(
            f"{group(compact)} is not a code this office prints; one character is probably misread."
        )
    return group(compact)


def is_valid(text: str) -> bool:
    try:
        normalize(text)
    except MalformedCode:
        return False
    return True


def verify_address(verify_url: str, portal_url: str) -> str:
    """Where a certificate's QR code sends a phone: the office's own verify address when one is set, else the
    portal's public page `/verify/CODE` when the office has a portal address, else nowhere ('': the QR then holds
    the bare code, which the desktop's Verify dialog takes)."""
    if verify_url.strip():
        return verify_url.strip()
    if portal_url.strip():
        return portal_url.strip().rstrip("/") + "/verify/{code}"
    return ""


def verify_payload(verify_url: str, code: str) -> str:
    """What the QR code holds: the office's verify address with the code when one is set, else the code itself.

    An address may say where the code goes with '{code}'; otherwise it is added as the `code` query parameter.
    """
    url = verify_url.strip()
    if not url:
        return code
    if "{code}" in url:
        return url.replace("{code}", code)
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}code={code}"
