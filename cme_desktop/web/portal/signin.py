"""Signing in by a code emailed to the learner: /sign-in asks for the address, /sign-in/code for the code.

The page after "send me a code" says the same whatever the address (a code goes to any address: a new learner
signs in to make their profile). Signing in replaces the browser's session, then goes on to the page that asked
for it (`next`), or to the profile step when no profile has the address yet.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from cme_desktop.errors import InputError
from cme_desktop.services.portal.codes import confirm_code, pending_email, request_code
from cme_desktop.web.pages import render, visit_of
from cme_desktop.web.portal.auth import PROFILE_STEP, ensure_session, safe_next, use_session
from cme_desktop.web.portal.security import check_csrf, read_portal_form
from cme_desktop.web.state import web_state
from cme_desktop.web.throttle import client_address


def _after_sign_in(next_path: str, has_profile: bool) -> str:
    if has_profile:
        return next_path
    return f"{PROFILE_STEP}?next={quote(next_path, safe='/')}"


async def sign_in_page(request: Request) -> Response:
    next_path = safe_next(request.query_params.get("next"))
    visit = visit_of(request)
    if visit is not None and visit.signed_in:
        return RedirectResponse(_after_sign_in(next_path, visit.person_id is not None), status_code=303)
    await ensure_session(request)
    return render(request, "sign_in.html", {"next": next_path, "email": ""})


async def send_code(request: Request) -> Response:
    form = await read_portal_form(request)
    next_path = safe_next(form.get("next"))
    visit = visit_of(request)
    if visit is not None and visit.signed_in:  # a form sent again after signing in
        return RedirectResponse(_after_sign_in(next_path, visit.person_id is not None), status_code=303)
    check_csrf(request, form)
    assert visit is not None
    state = web_state(request)
    email = form.get("email", "")
    try:
        sent = await state.run(request_code, visit.session_id, email, client_address(request))
    except InputError as error:
        context = {"next": next_path, "email": email[:254], "error": str(error)}
        return render(request, "sign_in.html", context, status_code=400)
    state.outbox.submit([sent.mail])  # the page never waits on the mail server
    return RedirectResponse(f"/sign-in/code?next={quote(next_path, safe='/')}", status_code=303)


async def code_page(request: Request) -> Response:
    next_path = safe_next(request.query_params.get("next"))
    visit = visit_of(request)
    if visit is not None and visit.signed_in:
        return RedirectResponse(_after_sign_in(next_path, visit.person_id is not None), status_code=303)
    if visit is None:
        return RedirectResponse(f"/sign-in?next={quote(next_path, safe='/')}", status_code=303)
    masked = await web_state(request).run(pending_email, visit.session_id)
    if masked is None:
        return RedirectResponse(f"/sign-in?next={quote(next_path, safe='/')}", status_code=303)
    return render(request, "sign_in_code.html", {"next": next_path, "masked": masked})


async def check_code(request: Request) -> Response:
    form = await read_portal_form(request)
    next_path = safe_next(form.get("next"))
    visit = visit_of(request)
    if visit is not None and visit.signed_in:  # the code form sent again after it signed in
        return RedirectResponse(_after_sign_in(next_path, visit.person_id is not None), status_code=303)
    check_csrf(request, form)
    assert visit is not None
    state = web_state(request)
    try:
        signed_in = await state.run(confirm_code, visit.session_id, form.get("code", ""))
    except InputError as error:
        masked = await state.run(pending_email, visit.session_id)
        context = {"next": next_path, "masked": masked, "error": str(error)}
        return render(request, "sign_in_code.html", context, status_code=400)
    use_session(request, signed_in.token, signed_in.visit)
    return RedirectResponse(_after_sign_in(next_path, signed_in.visit.person_id is not None), status_code=303)


def routes() -> list[BaseRoute]:
    return [
        Route("/sign-in", sign_in_page, methods=["GET", "HEAD"]),
        Route("/sign-in", send_code, methods=["POST"]),
        Route("/sign-in/code", code_page, methods=["GET", "HEAD"]),
        Route("/sign-in/code", check_code, methods=["POST"]),
    ]
