"""/healthz: the server is up and can reach the database (for the proxy, systemd and monitoring)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from cme_desktop.services.database.opening import database_answers
from cme_desktop.web.state import web_state


async def healthz(request: Request) -> Response:
    state = web_state(request)
    if await state.run(database_answers):
        return PlainTextResponse("ok\n")
    return PlainTextResponse("database unavailable\n", status_code=503)


def routes() -> list[BaseRoute]:
    return [Route("/healthz", healthz, methods=["GET", "HEAD"])]
