"""The learner's records on the portal (issue 17, item 5), behind sign-in: `/records` lists their claims with a
certificate for each that has one and a form for a transcript; `/records/certificate/ID` and `/records/transcript`
answer with PDFs written by the office's own document writers (services/records/).

Everything is read for the signed-in learner's profile only; another learner's claim number is answered exactly
like one that does not exist. The PDFs are drawn off the database threads (the default thread pool).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar
from urllib.parse import quote

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from cme_desktop.domain.localtime import parse_date
from cme_desktop.errors import InputError
from cme_desktop.services.context import Context
from cme_desktop.services.portal.sessions import Visit, as_learner
from cme_desktop.services.records.claims import LearnerRecords, learner_records
from cme_desktop.services.records.files import (
    NotOnYourRecord,
    certificate_pdf,
    learner_certificate,
    learner_transcript,
    transcript_pdf,
)
from cme_desktop.web.pages import add_nav_link, environment, render, visit_of
from cme_desktop.web.portal.auth import require_person
from cme_desktop.web.portal.security import Refused
from cme_desktop.web.state import web_state

T = TypeVar("T")
RECORDS = "/records"
add_nav_link(RECORDS, "Your records")


def short_day(day: date) -> str:
    """'Sun Nov 22, 2026': the list's dates, as the desktop shows them."""
    return f"{day:%a %b} {day.day}, {day.year}"


environment.filters["short_day"] = short_day


async def records_page(request: Request) -> Response:
    person_id = require_person(request)
    records = await web_state(request).run(learner_records, person_id)
    return _page(request, records)


def _page(
    request: Request,
    records: LearnerRecords,
    problem: str | None = None,
    typed: tuple[str, str] | None = None,
    status: int = 200,
) -> Response:
    first, last = typed or (date(records.today.year, 1, 1).isoformat(), records.today.isoformat())
    return render(
        request,
        "records.html",
        {"records": records, "problem": problem, "first": first, "last": last},
        status_code=status,
    )


async def certificate(request: Request) -> Response:
    person_id = require_person(request)
    raw = str(request.path_params["claim"])
    if not raw.isdigit() or len(raw) > 12:
        raise Refused(404, "There is no such certificate on your record.", "Certificate not found")
    state = web_state(request)
    visit = visit_of(request)
    assert visit is not None  # require_person passed
    try:
        made = await state.run(_as_learner(learner_certificate, visit), person_id, int(raw))
    except NotOnYourRecord as error:
        raise Refused(404, str(error), "Certificate not found") from error
    except InputError as error:
        raise Refused(409, str(error), "No certificate yet") from error
    pdf = await anyio.to_thread.run_sync(certificate_pdf, made)
    return _pdf(pdf, made.filename)


async def transcript(request: Request) -> Response:
    person_id = require_person(request)
    typed = (request.query_params.get("from", "")[:40], request.query_params.get("to", "")[:40])
    state = web_state(request)
    try:
        first = parse_date(typed[0]) if typed[0].strip() else None
        last = parse_date(typed[1]) if typed[1].strip() else None
        made = await state.run(learner_transcript, person_id, first, last)
    except InputError as error:
        records = await state.run(learner_records, person_id)
        return _page(request, records, str(error), typed, 400)
    pdf = await anyio.to_thread.run_sync(transcript_pdf, made)
    return _pdf(pdf, made.filename)


def _as_learner(work: Callable[..., T], visit: Visit) -> Callable[..., T]:
    """`work(ctx, ...)` with the audit log naming the learner's portal identity (issuing is audited)."""

    def acting(ctx: Context, *args: object) -> T:
        return work(as_learner(ctx, visit), *args)

    return acting


def _pdf(data: bytes, filename: str) -> Response:
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )


def routes() -> list[BaseRoute]:
    return [
        Route(RECORDS, records_page, methods=["GET", "HEAD"]),
        Route(f"{RECORDS}/certificate/{{claim}}", certificate, methods=["GET", "HEAD"]),
        Route(f"{RECORDS}/transcript", transcript, methods=["GET", "HEAD"]),
    ]
