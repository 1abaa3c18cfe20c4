"""Claim by code: /claim (the form, a code typed) and /c/CODE (the address in the slide's QR code when the office
chooses the portal for it). Signing in comes first and returns here; the claim is made only by the form's POST
(a link opened by a mail scanner or a prefetch records nothing)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from cme_desktop.errors import InputError
from cme_desktop.services.portal.claims import claim_on_portal, describe_code
from cme_desktop.web.pages import render, visit_of
from cme_desktop.web.portal.auth import require_person
from cme_desktop.web.portal.security import check_csrf, read_portal_form
from cme_desktop.web.state import web_state
from cme_desktop.web.throttle import client_address


async def _form(request: Request, code: str) -> Response:
    require_person(request)
    visit = visit_of(request)
    assert visit is not None
    code = code.strip()[:20]
    about = await web_state(request).run(describe_code, visit, code) if code else None
    return render(request, "claim.html", {"code": code, "about": about})


async def claim_page(request: Request) -> Response:
    return await _form(request, request.query_params.get("code", ""))


async def code_link(request: Request) -> Response:
    return await _form(request, str(request.path_params["code"]))


async def claim(request: Request) -> Response:
    require_person(request)
    form = await read_portal_form(request)
    check_csrf(request, form)
    visit = visit_of(request)
    assert visit is not None
    typed = form.get("code", "")
    try:
        result = await web_state(request).run(claim_on_portal, visit, typed, client_address(request))
    except InputError as error:
        return render(request, "claim.html", {"code": typed[:20], "error": str(error)}, status_code=400)
    status = 200 if result.on_file else 400
    context = {"code": "" if result.on_file else typed[:20], "result": result}
    return render(request, "claim.html", context, status_code=status)


def routes() -> list[BaseRoute]:
    return [
        Route("/claim", claim_page, methods=["GET", "HEAD"]),
        Route("/claim", claim, methods=["POST"]),
        Route("/c/{code}", code_link, methods=["GET", "HEAD"]),
    ]
