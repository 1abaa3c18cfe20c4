"""Reading the browser's portal session for each request (with the office's look) and writing its cookie.

The cookie holds a random token and nothing else: HttpOnly, SameSite=Lax, Path=/, Secure (and the `__Host-`
prefix, which browsers accept only on a secure, host-only cookie) when the public address is https. It lives as
long as the browser (the server ends an idle session after 30 minutes, services/portal/sessions.py).
"""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cme_desktop.services.portal.sessions import load_visit
from cme_desktop.web.portal.auth import COOKIE_STATE
from cme_desktop.web.state import WebState

# Paths that are no learner's page: no session is read for them.
NOT_PAGES = ("/twilio/", "/healthz", "/static/")


def cookie_name(https: bool) -> str:
    return "__Host-cme_portal" if https else "cme_portal"


class PortalVisits:
    def __init__(self, app: ASGIApp, https: bool) -> None:
        self.app = app
        self.https = https
        self.name = cookie_name(https)

    def _cookie(self, token: str) -> bytes:
        parts = [f"{self.name}={token}", "Path=/", "HttpOnly", "SameSite=Lax"]
        if self.https:
            parts.append("Secure")
        if not token:
            parts.append("Max-Age=0")
        return "; ".join(parts).encode("latin-1")

    def _token(self, scope: Scope) -> str | None:
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                jar: SimpleCookie = SimpleCookie()
                try:
                    jar.load(value.decode("latin-1"))
                except Exception:  # a malformed cookie header is no session
                    return None
                if self.name in jar:
                    return jar[self.name].value
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(NOT_PAGES):
            await self.app(scope, receive, send)
            return
        state: WebState = scope["app"].state.web
        token = self._token(scope)
        visit, look = await state.run(load_visit, token)
        shared = scope.setdefault("state", {})
        shared["visit"] = visit
        shared["office"] = look
        if token is not None and visit is None:
            shared[COOKIE_STATE] = ""  # a session that ended: the browser forgets it

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and COOKIE_STATE in shared:
                header = (b"set-cookie", self._cookie(shared[COOKIE_STATE]))
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        await self.app(scope, receive, sending)
