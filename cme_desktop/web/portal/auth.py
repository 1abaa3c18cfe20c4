"""Who is signed in on the portal, for any page: `signed_in_person` and `require_person`, and starting or ending
the browser's session (the cookie itself is written by web/portal/visits.py)."""

from __future__ import annotations

import logging
from urllib.parse import quote, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request

from cme_desktop.services.portal.sessions import Visit, start_session
from cme_desktop.web.pages import visit_of
from cme_desktop.web.portal.security import Refused
from cme_desktop.web.state import web_state
from cme_desktop.web.throttle import client_address, client_wait

log = logging.getLogger(__name__)

SIGN_IN = "/sign-in"
SESSION_STARTS = 600  # new portal sessions per client address (per server worker) ...
SESSION_WINDOW = 600.0  # ... in any 10 minutes
PROFILE_STEP = "/profile/find"
COOKIE_STATE = "portal_cookie"  # in the request's state: a new token to set, or "" to clear the cookie


class SignInRequired(HTTPException):
    """Answered with a 303 to the sign-in page (or the profile step), coming back to `next` afterwards."""

    def __init__(self, location: str) -> None:
        super().__init__(303, "Sign in to continue.", headers={"Location": location})


def signed_in_person(request: Request) -> int | None:
    """The signed-in learner's profile id; None when not signed in or the profile step is not done yet."""
    visit = visit_of(request)
    if visit is None or not visit.signed_in:
        return None
    return visit.person_id


def require_person(request: Request) -> int:
    """The signed-in learner's profile id, or a redirect to sign in (or to find or create the profile) that comes
    back to this page afterwards."""
    person_id = signed_in_person(request)
    if person_id is not None:
        return person_id
    visit = visit_of(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    step = PROFILE_STEP if visit is not None and visit.signed_in else SIGN_IN
    raise SignInRequired(f"{step}?next={quote(here, safe='/')}")


def require_signed_in(request: Request) -> Visit:
    """The visit of a signed-in browser (with or without a profile yet), or a redirect to sign in."""
    visit = visit_of(request)
    if visit is None or not visit.signed_in:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(f"{SIGN_IN}?next={quote(here, safe='/')}")
    return visit


def safe_next(value: str | None, default: str = "/") -> str:
    """Where to go after signing in: a path on this site only (never another site, nor '//host')."""
    if not value or len(value) > 500:
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value


def use_session(request: Request, token: str, visit: Visit) -> None:
    """From here on this request is `visit`, and the response gives the browser `token`."""
    request.state.visit = visit
    request.scope.setdefault("state", {})[COOKIE_STATE] = token


def forget_session(request: Request) -> None:
    """This request has no session any more; the response clears the browser's cookie."""
    request.state.visit = None
    request.scope.setdefault("state", {})[COOKIE_STATE] = ""


async def ensure_session(request: Request) -> Visit:
    """The browser's session, started (anonymous) if it has none: a form needs one for its CSRF token.

    Each start writes a row (kept two days after its last use), so one network address may start at most
    SESSION_STARTS in SESSION_WINDOW seconds; past that the page says when to come back. The limit is far above
    a room of learners behind one hospital address, and far below a script filling the database."""
    visit = visit_of(request)
    if visit is not None:
        return visit
    wait = client_wait(request, "session_starts", SESSION_STARTS, SESSION_WINDOW)
    if wait:
        log.warning("Portal sessions from %s paused for %d s (over the limit)", client_address(request), wait)
        minutes = max(1, round(wait / 60))
        raise Refused(
            429,
            "Too many sign-ins were started from your network just now. "
            f"Try again in {minutes} minute{'s' if minutes > 1 else ''}.",
            "Try again later",
            headers={"Retry-After": str(wait)},
        )
    token, started = await web_state(request).run(start_session)
    use_session(request, token, started)
    return started
