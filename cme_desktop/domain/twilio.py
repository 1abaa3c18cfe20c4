"""Twilio's webhook contract: the request signature and the TwiML reply (DOMAIN.md, "SMS").

X-Twilio-Signature = base64(HMAC-SHA1(auth token, full URL + each POST parameter sorted by name, name then value)).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape

EMPTY_RESPONSE = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


def _pairs(params: Mapping[str, str] | Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    items = params.items() if isinstance(params, Mapping) else params
    return sorted((str(name), str(value)) for name, value in items)


def signature(auth_token: str, url: str, params: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """The signature Twilio sends for a form POST of `params` to `url`."""
    payload = url + "".join(name + value for name, value in _pairs(params))
    digest = hmac.new(auth_token.encode("utf-8"), payload.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def signature_is_valid(
    auth_token: str,
    url: str,
    params: Mapping[str, str] | Iterable[tuple[str, str]],
    header: str | None,
) -> bool:
    """True when `header` is Twilio's signature of this request; compared in constant time."""
    if not header or not auth_token:
        return False
    expected = signature(auth_token, url, params)
    return hmac.compare_digest(expected.encode("ascii"), header.strip().encode("ascii", "replace"))


def twiml(messages: Iterable[str]) -> str:
    """A TwiML reply sending each message; no messages gives the empty `<Response/>`, which sends nothing."""
    parts = [f"<Message>{escape(message)}</Message>" for message in messages if message]
    if not parts:
        return EMPTY_RESPONSE
    return '<?xml version="1.0" encoding="UTF-8"?><Response>' + "".join(parts) + "</Response>"
