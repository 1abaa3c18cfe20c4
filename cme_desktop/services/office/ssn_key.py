"""The office's SSN matching key (DESIGN.md, "The SSN matching key is the office's").

The key lives in each machine's keyring (a web server without one reads it from CME_SSN_KEY, as it reads its other
secrets from its environment file); the database keeps only its fingerprint. The first machine that needs
the key creates it. A machine without the key, or with a different one, gets a sentence instead of a key, so SSN
matching is off there (visibly) and everything else keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from cme_desktop import secrets
from cme_desktop.domain.ssn import key_fingerprint
from cme_desktop.errors import InputError
from cme_desktop.services.context import Context
from cme_desktop.services.office import settings as office

MISSING = (
    "SSN matching is off on this computer: the office's SSN matching key is not in its keyring. "
    "An administrator can import it in Settings > Security (a web server without a keyring reads it from "
    "CME_SSN_KEY)."
)
DIFFERENT = (
    "SSN matching is off on this computer: its keyring holds a different SSN matching key from the office's. "
    "An administrator can import the office's key in Settings > Security."
)


class SsnMatchingOff(InputError):
    """The key is not available on this machine; the message says why and what to do."""


@dataclass(frozen=True)
class SsnKeyStatus:
    ready: bool
    # None when ready; otherwise the notice to show (Settings > Security, the profile dialog).
    notice: str | None
    office_has_key: bool


def ssn_key_status(ctx: Context) -> SsnKeyStatus:
    """Whether this machine can hash SSN digits the way the rest of the office does."""
    fingerprint = office.load_settings(ctx).ssn_key_fingerprint
    key = secrets.get_ssn_key()
    if not fingerprint:
        return SsnKeyStatus(ready=False, notice=None, office_has_key=False)
    if key is None:
        return SsnKeyStatus(False, MISSING, True)
    if key_fingerprint(key) != fingerprint:
        return SsnKeyStatus(False, DIFFERENT, True)
    return SsnKeyStatus(True, None, True)


def ssn_key(ctx: Context) -> bytes:
    """The office's key, created on first use; SsnMatchingOff when this machine cannot use it."""
    fingerprint = office.load_settings(ctx).ssn_key_fingerprint
    key = secrets.get_ssn_key()
    if fingerprint:
        if key is None:
            raise SsnMatchingOff(MISSING)
        if key_fingerprint(key) != fingerprint:
            raise SsnMatchingOff(DIFFERENT)
        return key
    if key is None:  # a key already here (the keyring's, or a server's CME_SSN_KEY) becomes the office's
        key = secrets.new_ssn_key()
        try:
            secrets.set_ssn_key(key)
        except secrets.NoSecureKeyring as error:
            raise SsnMatchingOff(f"SSN matching is off on this computer: {error}") from error
    try:
        office.update_settings(ctx, {"ssn_key_fingerprint": key_fingerprint(key)})
    except IntegrityError:
        # Another machine created the office's key at the same moment; theirs is the office's now.
        return ssn_key(ctx)
    return key


def export_ssn_key(ctx: Context) -> str:
    """The key as text for an administrator to carry to another machine of the office."""
    return secrets.encode_key(ssn_key(ctx))


def import_ssn_key(ctx: Context, text: str) -> SsnKeyStatus:
    """Put the office's key (copied from a machine that has it) into this machine's keyring.

    A key whose fingerprint differs from the office's is refused: it would hash digits so that no duplicate is found.
    """
    key = secrets.decode_key(text)
    fingerprint = office.load_settings(ctx).ssn_key_fingerprint
    if fingerprint and key_fingerprint(key) != fingerprint:
        raise InputError("That key is not this office's SSN matching key (its fingerprint differs).")
    try:
        secrets.set_ssn_key(key)
    except secrets.NoSecureKeyring as error:
        raise InputError(str(error)) from error
    if not fingerprint:
        office.update_settings(ctx, {"ssn_key_fingerprint": key_fingerprint(key)})
    return ssn_key_status(ctx)
