"""What every portal page is protected by: a CSRF token on every form, forms read with a size limit before any
of them is parsed, and the usual headers (a Content-Security-Policy that allows no script, no framing, no
sniffing, no referrer beyond the site, and HSTS where the public address is https)."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cme_desktop.web.forms import BadForm, read_form
from cme_desktop.web.pages import visit_of

# A profile form is a few kilobytes; anything near a megabyte is refused from its Content-Length, unread.
MAX_FORM_BYTES = 32 * 1024
MAX_FIELD_CHARS = 2000

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cross-origin-opener-policy": "same-origin",
}
HSTS = "max-age=31536000"


class Refused(HTTPException):
    """A request the portal refuses, with the one sentence its page shows (rendered by web/portal/errors.py)."""

    def __init__(
        self,
        status_code: int,
        sentence: str,
        title: str = "That did not work",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status_code, sentence, headers=headers)
        self.sentence = sentence
        self.title = title


STALE_FORM = (
    "This form has expired or was already sent (for example after signing out, or from an old tab). "
    "Go back, reload the page and try again."
)


def check_csrf(request: Request, form: Mapping[str, Any]) -> None:
    """The form's hidden `csrf_token` must be this session's; otherwise a 403 page with a sentence."""
    visit = visit_of(request)
    sent = form.get("csrf_token")
    if visit is None or not isinstance(sent, str) or not hmac.compare_digest(sent, visit.csrf_token):
        raise Refused(403, STALE_FORM, "This form has expired")


async def read_portal_form(request: Request, max_bytes: int = MAX_FORM_BYTES) -> dict[str, str]:
    """The form's fields (the last of a repeated name), refused with a sentence when it is too large, not a
    form, or holds a field no person types (longer than MAX_FIELD_CHARS)."""
    try:
        pairs = await read_form(request, max_bytes)
    except BadForm as error:
        if error.status == 413:
            raise Refused(
                413,
                "That form is far larger than anything this site asks for; nothing was saved.",
                "Too large",
            ) from error
        raise Refused(400, "That form could not be read; go back, reload the page and try again.") from error
    fields: dict[str, str] = {}
    for name, value in pairs:
        if len(value) > MAX_FIELD_CHARS:
            raise Refused(413, "One of the answers is far longer than any answer here; nothing was saved.")
        fields[name] = "".join(
            ch for ch in value if ch >= " " or ch in "\n\t"
        )  # no NUL or control characters
    return fields


class SecurityHeaders:
    """The headers above on every response that does not set its own, HSTS where the public address is https."""

    def __init__(self, app: ASGIApp, https: bool) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in HEADERS.items()]
        if https:
            self.headers.append((b"strict-transport-security", HSTS.encode()))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, sending)
