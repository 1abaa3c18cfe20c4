"""Talking to the web server over real HTTP on 127.0.0.1, as Twilio does: signed form POSTs, TwiML back."""

from __future__ import annotations

import http.client
import itertools
import urllib.parse
import xml.etree.ElementTree as ET

from cme_desktop.domain.twilio import signature
from cme_desktop.web.config import WebConfig

TOKEN = "test-auth-token"
OFFICE = "+18335582111"
ACCOUNT = "AC" + "0123456789abcdef" * 2
_sids = itertools.count(1)


def new_sid() -> str:
    return f"SM{next(_sids):032x}"


def sms(body: str, sender: str, sid: str | None = None, **more: str) -> dict[str, str]:
    return {
        "MessageSid": sid or new_sid(),
        "AccountSid": ACCOUNT,
        "From": sender,
        "To": OFFICE,
        "Body": body,
        "NumMedia": "0",
        **more,
    }


def post(
    port: int,
    config: WebConfig,
    fields: dict[str, str] | list[tuple[str, str]],
    *,
    path: str = "/twilio/sms",
    sign: bool = True,
    token: str = TOKEN,
    signed_url: str | None = None,
    body: bytes | None = None,
    timeout: float = 30,
) -> tuple[int, str]:
    pairs = list(fields.items()) if isinstance(fields, dict) else fields
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if sign:
        headers["X-Twilio-Signature"] = signature(token, signed_url or config.url_for(path), pairs)
    data = body if body is not None else urllib.parse.urlencode(pairs).encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", path, data, headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def replies(twiml: str) -> list[str]:
    return [m.text or "" for m in ET.fromstring(twiml).findall("Message")]
