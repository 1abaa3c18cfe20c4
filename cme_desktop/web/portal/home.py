"""The portal's home page (sign in, or enter a code), signing out, the office's colours and the static files."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from cme_desktop.services.portal.sessions import revoke_sessions, sign_out
from cme_desktop.web.pages import STATIC, office_of, render, visit_of
from cme_desktop.web.portal.auth import forget_session, signed_in_person
from cme_desktop.web.portal.security import check_csrf, read_portal_form
from cme_desktop.web.state import web_state

ICON = Path(__file__).resolve().parents[2] / "resources" / "cme-desktop.svg"  # the app's own icon


async def home(request: Request) -> Response:
    visit = visit_of(request)
    if visit is not None and visit.signed_in and visit.person_id is None:
        return RedirectResponse("/profile/find", status_code=303)
    return render(request, "home.html", {"person_id": signed_in_person(request)})


async def office_css(request: Request) -> Response:
    """The office's colour as CSS custom properties (the pages allow no inline style)."""
    look = office_of(request)
    css = f":root {{ --brand: {look.colour}; --on-brand: {look.text_colour}; --link: {look.link_colour}; }}\n"
    return Response(css, media_type="text/css", headers={"Cache-Control": "public, max-age=300"})


async def icon(request: Request) -> Response:
    """The tab's icon: the desktop app's (browsers asking for /favicon.ico are sent here too)."""
    if request.url.path != "/favicon.svg":
        return RedirectResponse("/favicon.svg", status_code=301)
    return FileResponse(ICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


async def sign_out_page(request: Request) -> Response:
    form = await read_portal_form(request)
    check_csrf(request, form)
    visit = visit_of(request)
    assert visit is not None  # check_csrf refuses a request without a session
    state = web_state(request)
    if form.get("everywhere") and visit.person_id is not None:
        await state.run(revoke_sessions, visit.person_id)
    await state.run(sign_out, visit.session_id)
    forget_session(request)
    return RedirectResponse("/signed-out", status_code=303)


async def signed_out(request: Request) -> Response:
    return render(request, "signed_out.html")


def routes() -> list[BaseRoute]:
    return [
        Route("/", home, methods=["GET", "HEAD"]),
        Route("/office.css", office_css, methods=["GET", "HEAD"]),
        Route("/favicon.svg", icon, methods=["GET", "HEAD"]),
        Route("/favicon.ico", icon, methods=["GET", "HEAD"]),
        Route("/sign-out", sign_out_page, methods=["POST"]),
        Route("/signed-out", signed_out, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
