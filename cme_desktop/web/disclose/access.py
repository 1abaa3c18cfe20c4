"""Who is at the disclosure form: the person an invitation's link signed in (for this form only), else the person
signed in on the portal.

The link's token goes into a cookie scoped to /disclose (HttpOnly, SameSite=Lax, Secure on https) and the browser
is sent on to /disclose at once, so the token leaves the address bar. Each request checks the token again: an
expired link ends the form. Its forms carry a CSRF token derived from the link's token; the portal's forms carry
the portal session's (web/portal/security.py).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cme_desktop.services.standard3.links import LinkGrant, LinkRefused, open_link
from cme_desktop.web.pages import visit_of
from cme_desktop.web.portal.auth import require_person
from cme_desktop.web.portal.security import STALE_FORM, Refused, check_csrf
from cme_desktop.web.state import web_state

PATH = "/disclose"


def cookie_name(request: Request) -> str:
    return "__Secure-cme_disclose" if _https(request) else "cme_disclose"


def _https(request: Request) -> bool:
    return web_state(request).config.public_url.lower().startswith("https://")


def link_cookie(request: Request, token: str, max_age: int) -> str:
    parts = [
        f"{cookie_name(request)}={token}",
        f"Path={PATH}",
        "HttpOnly",
        "SameSite=Lax",
        f"Max-Age={max_age}",
    ]
    if _https(request):
        parts.append("Secure")
    return "; ".join(parts)


def forget_link(request: Request, response: Response) -> None:
    response.headers.append("set-cookie", link_cookie(request, "", 0))


def _link_token(request: Request) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(request.headers.get("cookie", ""))
    except Exception:
        return None
    morsel = jar.get(cookie_name(request))
    return morsel.value if morsel is not None and morsel.value else None


@dataclass(frozen=True)
class Discloser:
    person_id: int
    link: LinkGrant | None  # None: signed in on the portal
    csrf_token: str
    token: str | None = None
    identity: str | None = None  # who the audit log names (the portal's identity when signed in)


def _link_csrf(token: str) -> str:
    return hashlib.sha256(f"disclose-form:{token}".encode()).hexdigest()[:40]


async def discloser(request: Request) -> Discloser:
    """The person at the form, a sentence page for a link that no longer works, or a redirect to sign in."""
    token = _link_token(request)
    if token is not None:
        try:
            grant = await web_state(request).run(open_link, token)
        except LinkRefused as error:
            raise Refused(410 if error.expired else 404, str(error), "This link no longer works") from error
        return Discloser(grant.person_id, grant, _link_csrf(token), token, f"portal link: {grant.name}")
    person_id = require_person(request)
    visit = visit_of(request)
    assert visit is not None  # require_person found it signed in
    return Discloser(person_id, None, visit.csrf_token, None, visit.identity)


def check_form(request: Request, who: Discloser, form: Mapping[str, Any]) -> None:
    """The form's CSRF token must match the link's (or the portal session's)."""
    if who.token is None:
        check_csrf(request, form)
        return
    sent = form.get("csrf_token")
    if not isinstance(sent, str) or not hmac.compare_digest(sent, who.csrf_token):
        raise Refused(403, STALE_FORM, "This form has expired")
