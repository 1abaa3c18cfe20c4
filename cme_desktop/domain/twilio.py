"""Twilio's webhook contract: the request signature, message ids, and the TwiML reply (DOMAIN.md, "SMS").

X-Twilio-Signature = base64(HMAC-SHA1(auth token, full URL + each POST parameter sorted by name, name then value)).
Twilio's own validator (the `twilio` package's RequestValidator, docs/twilio.md) accepts a signature computed over
the URL without its port and with it (the scheme's default where none is written: "https://host/..." and
"https://host:443/..."), because Twilio's side is not consistent about it; so does this one. It also counts a repeated (name, value) pair once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit, urlunsplit
from xml.sax.saxutils import escape

EMPTY_RESPONSE = '<?xml version="1.0" encoding="UTF-8"?><Response/>'

# A message id: "SM" (a text) or "MM" (a picture message) and 32 hexadecimal digits.
_MESSAGE_SID = re.compile(r"\A(?:SM|MM)[0-9a-fA-F]{32}\Z")
_ACCOUNT_SID = re.compile(r"\AAC[0-9a-fA-F]{32}\Z")

# Twilio's Advanced Opt-Out names the keyword a text matched (docs/twilio.md); it answers the text itself.
OPT_OUT_TYPES = frozenset({"STOP", "START", "HELP"})
# The delivery error of a text to a number that has opted out with the carrier or with Twilio.
UNSUBSCRIBED_RECIPIENT = "21610"


def is_message_sid(value: str) -> bool:
    return bool(_MESSAGE_SID.match(value))


def is_account_sid(value: str) -> bool:
    return bool(_ACCOUNT_SID.match(value))


def _pairs(params: Mapping[str, str] | Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    items = params.items() if isinstance(params, Mapping) else params
    return sorted({(str(name), str(value)) for name, value in items})


def signature(auth_token: str, url: str, params: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """The signature Twilio sends for a form POST of `params` to `url`."""
    payload = url + "".join(name + value for name, value in _pairs(params))
    digest = hmac.new(auth_token.encode("utf-8"), payload.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def url_variants(url: str) -> tuple[str, ...]:
    """`url` without its port, and with its port (the scheme's default where none is written): the two URLs
    Twilio's validator tries, since Twilio's side is not consistent about the port."""
    parts = urlsplit(url)
    host, colon, port = parts.netloc.rpartition(":")
    if (
        not colon or "]" in port or not port.isdigit()
    ):  # no port written (an IPv6 literal's colons are not one)
        host, port = parts.netloc, ""
    default = "443" if parts.scheme == "https" else "80"
    without = urlunsplit(parts._replace(netloc=host))
    with_port = urlunsplit(parts._replace(netloc=f"{host}:{port or default}"))
    return (without, with_port)


def signature_is_valid(
    auth_token: str,
    url: str,
    params: Mapping[str, str] | Iterable[tuple[str, str]],
    header: str | None,
) -> bool:
    """True when `header` is Twilio's signature of this request (with or without the default port); compared in
    constant time."""
    if not header or not auth_token:
        return False
    given = header.strip().encode("ascii", "replace")
    pairs = _pairs(params)
    variants = dict.fromkeys((url, *url_variants(url)))  # the address as configured first: the usual match
    return any(
        hmac.compare_digest(signature(auth_token, variant, pairs).encode("ascii"), given)
        for variant in variants
    )


def twiml(messages: Iterable[str]) -> str:
    """A TwiML reply sending each message; no messages gives the empty `<Response/>`, which sends nothing."""
    parts = [f"<Message>{escape(message)}</Message>" for message in messages if message]
    if not parts:
        return EMPTY_RESPONSE
    return '<?xml version="1.0" encoding="UTF-8"?><Response>' + "".join(parts) + "</Response>"
