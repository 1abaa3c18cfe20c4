"""The last four SSN digits, kept only as HMAC-SHA256 with the office's matching key (DOMAIN.md, "Profiles").

The same digits and key always give the same hash, so last name + hash finds an existing account; without the key
the hash reveals nothing (10,000 possible digit strings would be trivial to try against a plain hash).
"""

from __future__ import annotations

import hashlib
import hmac
import re

from cme_desktop.errors import InputError

_FOUR_DIGITS = re.compile(r"^\d{4}$")


def clean_last4(text: str) -> str:
    """'  1234 ' -> '1234'; anything but exactly four digits is refused with a sentence."""
    digits = (text or "").strip().replace("-", "").replace(" ", "")
    if not _FOUR_DIGITS.match(digits):
        raise InputError("The last four SSN digits must be exactly four digits.")
    return digits


def ssn_last4_hash(key: bytes, last4: str) -> str:
    """The 64-hex-digit keyed hash stored in place of the digits."""
    return hmac.new(key, clean_last4(last4).encode("ascii"), hashlib.sha256).hexdigest()


def key_fingerprint(key: bytes) -> str:
    """What the database keeps to tell whether a machine holds the office's key: a hash of the key, not the key."""
    return hashlib.sha256(b"cme-desk ssn key fingerprint\0" + key).hexdigest()[:32]
