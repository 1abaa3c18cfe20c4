"""Pages for what goes wrong: a refused request says its sentence, a missing page says so, a database that
cannot be reached asks to try again, and a bug is logged with its traceback and answered with an apology (never a
traceback). The texting webhook answers its own errors; these are for pages."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from cme_desktop.errors import DatabaseUnavailable, InputError
from cme_desktop.web.pages import sentence_page
from cme_desktop.web.portal.security import HEADERS, Refused

log = logging.getLogger(__name__)

_TITLES = {
    400: "That did not work",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed",
    413: "Too large",
    429: "Try again later",
}


def _is_page(request: Request) -> bool:
    return not request.url.path.startswith(("/twilio/", "/healthz"))


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code in (301, 302, 303, 307, 308):
        return Response(status_code=error.status_code, headers=error.headers)
    if not _is_page(request):
        return PlainTextResponse(f"{error.detail}\n", status_code=error.status_code, headers=error.headers)
    if isinstance(error, Refused):
        page = sentence_page(request, error.title, error.sentence, error.status_code)
        page.headers.update(error.headers or {})
        return page
    if error.status_code == 404:
        sentence = "There is no page at this address. Check the address, or start from the home page."
    elif error.status_code == 405:
        sentence = "This page cannot be used that way. Start again from the home page."
    else:
        sentence = str(error.detail)
    return sentence_page(
        request, _TITLES.get(error.status_code, "That did not work"), sentence, error.status_code
    )


async def input_error(request: Request, error: Exception) -> Response:
    """A service refused what was sent with a sentence the page did not expect: shown, never a 500."""
    return sentence_page(request, "That did not work", str(error), 400)


async def database_unavailable(request: Request, error: Exception) -> Response:
    log.warning("A page could not reach the database: %s", type(error).__name__)
    return sentence_page(
        request,
        "Try again in a minute",
        "The CME office's server cannot reach its records right now. Nothing was saved; try again in a minute.",
        503,
    )


async def server_error(request: Request, error: Exception) -> Response:
    """A bug: logged with its traceback (by the server), answered with an apology and the usual headers."""
    headers = dict(HEADERS)
    if not _is_page(request):
        return PlainTextResponse("Internal Server Error\n", status_code=500, headers=headers)
    sentence = (
        "Something went wrong on our side and nothing was saved. Try again; if it happens again, "
        "contact the CME office."
    )
    try:
        response: Response = sentence_page(request, "Something went wrong", sentence, 500)
    except Exception:  # the page itself failed: the sentence, plainly
        response = PlainTextResponse(sentence + "\n", status_code=500)
    response.headers.update(headers)
    return response


def exception_handlers() -> dict[type[Exception] | int, object]:
    return {
        HTTPException: http_error,
        InputError: input_error,
        DatabaseUnavailable: database_unavailable,
        Exception: server_error,
    }
