"""Public certificate verification: `/verify/CODE` (where a certificate's QR code points) and `/verify` (a form to
type the code from the paper; `?code=` too, as an office's own verify address may put it).

Anyone may ask, signed in or not. The answer is the verification service's (services/certificates/verifying.py):
the learner, activity, date and credits; or "revoked on DATE" and nothing more; or no certificate with this code.
Nothing lists certificates, a client gets VERIFY_LIMIT lookups a minute, and the pages are kept out of search
engines and caches (a name on a page found by searching, or a revoked certificate still shown as valid from a
cache, would both be wrong).
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from cme_desktop.domain.verification import normalize
from cme_desktop.services.certificates.verifying import Verification, verify
from cme_desktop.web.pages import render
from cme_desktop.web.state import web_state
from cme_desktop.web.throttle import client_address, client_wait

log = logging.getLogger(__name__)

VERIFY_LIMIT = 30  # lookups per client per minute: a coordinator checking a stack by hand stays well under it
MAX_TYPED = 200  # characters of a typed code (or pasted address) looked at
HEADERS = {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store"}
STATUS = {"valid": 200, "revoked": 200, "unknown": 404, "malformed": 400}


async def verify_form(request: Request) -> Response:
    typed = request.query_params.get("code", "")[:MAX_TYPED]
    if not typed.strip():
        return _page(request, None, "", 200)
    return await _answer(request, typed)


async def verify_code(request: Request) -> Response:
    typed = str(request.path_params["code"])[:MAX_TYPED]
    try:
        canonical = normalize(typed)
    except ValueError:
        return await _answer(request, typed)
    if canonical != typed:  # k7qf3m9xt2pd, or with spaces: the page's one address is the code as printed
        return RedirectResponse(f"/verify/{canonical}", status_code=308, headers=HEADERS)
    return await _answer(request, typed)


async def _answer(request: Request, typed: str) -> Response:
    wait = client_wait(request, "verify_throttle", VERIFY_LIMIT, 60.0)
    if wait:
        log.warning(
            "Verification lookups from %s paused for %d s (over the limit)", client_address(request), wait
        )
        response = _page(request, None, typed, 429, wait=wait)
        response.headers["Retry-After"] = str(wait)
        return response
    result = await web_state(request).run(verify, typed)
    return _page(request, result, result.code, STATUS[result.status])


def _page(request: Request, result: Verification | None, typed: str, status: int, wait: int = 0) -> Response:
    response = render(
        request,
        "verify.html",
        {"result": result, "typed": typed, "wait": wait, "minutes": max(1, round(wait / 60))},
        status_code=status,
    )
    response.headers.update(HEADERS)
    return response


def routes() -> list[BaseRoute]:
    return [
        Route("/verify", verify_form, methods=["GET", "HEAD"]),
        Route("/verify/{code:path}", verify_code, methods=["GET", "HEAD"]),
    ]
