"""Passwords and keys in the OS keyring, never in settings files or the database.

Where no secure backend exists, nothing is stored and callers are told so (`backend_warning`).
"""

from __future__ import annotations

import contextlib
import logging
import os

from cme_desktop import APP_ID
from cme_desktop.errors import InputError

log = logging.getLogger(__name__)

SERVICE = APP_ID
SSN_KEY_NAME = "ssn-matching-key"
TWILIO_TOKEN_NAME = "twilio-auth-token"
OIDC_SECRET_NAME = "oidc-client-secret"  # the institution's single sign-on (portal)
SSN_KEY_ENV = "CME_SSN_KEY"  # the web server's SSN matching key where it has no keyring


class NoSecureKeyring(Exception):
    """There is no secure keyring on this machine; the secret was not stored."""


def backend_warning() -> str | None:
    """A sentence for the Settings page when secrets cannot be kept safely, else None."""
    import keyring  # in each function: importing keyring takes about 0.3 s, paid only when a secret is used

    backend = keyring.get_keyring()
    name = type(backend).__module__ + "." + type(backend).__name__
    insecure = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt.file.PlaintextKeyring")
    if any(name.startswith(prefix) for prefix in insecure) or getattr(backend, "priority", 1) <= 0:
        return (
            "This computer has no secure password store (keyring), so CME Desk will not save passwords: "
            "you will be asked for the database password each time it starts."
        )
    return None


def get_secret(name: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, name)
    except KeyringError as error:
        log.warning("Could not read %s from the keyring: %s", name, type(error).__name__)
        return None


def set_secret(name: str, value: str) -> None:
    """Store a secret; raises NoSecureKeyring rather than falling back to plain text."""
    if backend_warning():
        raise NoSecureKeyring(backend_warning())
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, name, value)
    except KeyringError as error:
        raise NoSecureKeyring(f"The keyring refused to store the secret: {error}") from error


def delete_secret(name: str) -> None:
    import keyring
    from keyring.errors import PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError):
        keyring.delete_password(SERVICE, name)


def new_ssn_key() -> bytes:
    """A fresh random matching key (256 bits)."""
    import secrets as random_source

    return random_source.token_bytes(32)


def encode_key(key: bytes) -> str:
    """The key as text an administrator can copy to another machine (Settings > Security)."""
    import base64

    return base64.urlsafe_b64encode(key).decode("ascii")


def decode_key(text: str) -> bytes:
    """The key from its text form; a sentence when the text is not one."""
    import base64
    import binascii

    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as error:
        raise InputError("That is not an SSN matching key (it should be 44 letters and digits).") from error
    if len(key) != 32:
        raise InputError("That is not an SSN matching key (it should be 44 letters and digits).")
    return key


def get_ssn_key() -> bytes | None:
    """The office's SSN matching key from this machine's keyring, if it holds one; on a server without a keyring,
    from CME_SSN_KEY (the text Settings > Security exports, kept in the service's environment file)."""
    text = get_secret(SSN_KEY_NAME)
    where = "keyring's"
    if not text:
        text, where = os.environ.get(SSN_KEY_ENV, "").strip(), SSN_KEY_ENV
    if not text:
        return None
    try:
        return decode_key(text)
    except ValueError:
        log.warning(
            "The %s SSN matching key is damaged; SSN matching is off until it is imported again.", where
        )
        return None


def set_ssn_key(key: bytes) -> None:
    """Keep the office's SSN matching key in this machine's keyring (never in settings or the database)."""
    set_secret(SSN_KEY_NAME, encode_key(key))
