"""Email addresses: checked, stored lower-cased, and reduced to a mailbox key for spotting duplicates."""

from __future__ import annotations

import re
from functools import lru_cache

from cme_desktop.errors import InputError

_EMAIL = re.compile(
    r"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$"
)
_DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


class InvalidEmail(InputError):
    """The text is not an email address."""


@lru_cache(maxsize=65_536)  # an import meets each address several times (matching, checking, conflicts)
def normalize_email(text: str) -> str:
    """'  Jane.Smith@Example.ORG ' -> 'jane.smith@example.org', or InvalidEmail with a sentence."""
    address = (text or "").strip().lower()
    if not address:
        raise InvalidEmail("Enter an email address.")
    if len(address) > 254 or not _EMAIL.match(address) or ".." in address.split("@")[0]:
        raise InvalidEmail(
            f"'{text.strip()}' is not an email address (it should look like name@example.org)."
        )
    return address


def mailbox_key(address: str) -> str:
    """The mailbox an address delivers to: '+tags' dropped, and Gmail's ignored dots removed."""
    local, _, domain = address.lower().partition("@")
    local = local.split("+", 1)[0]
    if domain in _DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def mask_email(address: str) -> str:
    """'jane.doe@musc.edu' -> 'j•••@musc.edu': enough for its owner to recognise, little for anyone else."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}\u2022\u2022\u2022@{domain}"
