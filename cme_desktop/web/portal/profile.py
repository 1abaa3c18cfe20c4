"""The profile step after signing in (the seed's "verify you don't have an existing account", then "create your
profile") and the learner's own profile page, where they correct what is on file."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from cme_desktop.errors import InputError
from cme_desktop.services.portal.profiles import (
    check_existing,
    create_own_profile,
    own_profile,
    skip_check,
    ssn_matching_on,
    update_own_profile,
)
from cme_desktop.services.portal.sessions import Visit
from cme_desktop.web.pages import render
from cme_desktop.web.portal.auth import require_signed_in, safe_next
from cme_desktop.web.portal.profile_form import (
    CHOICES,
    as_changes,
    problems,
    read_profile_form,
    row_counts,
    values_of,
)
from cme_desktop.web.portal.security import check_csrf, read_portal_form
from cme_desktop.web.state import web_state


def _to(path: str, next_path: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?next={quote(next_path, safe='/')}", status_code=303)


async def _checked_already(request: Request, visit: Visit) -> bool:
    pending = visit.pending
    if pending.get("ssn_hash") or pending.get("skipped"):
        return True
    return not await web_state(request).run(ssn_matching_on)


async def find_page(request: Request) -> Response:
    visit = require_signed_in(request)
    next_path = safe_next(request.query_params.get("next"))
    if visit.person_id is not None:
        return RedirectResponse(next_path, status_code=303)
    if await _checked_already(request, visit):
        return _to("/profile/new", next_path)
    last = str(visit.pending.get("last_name", ""))
    return render(request, "profile_find.html", {"next": next_path, "last_name": last})


async def find_check(request: Request) -> Response:
    visit = require_signed_in(request)
    form = await read_portal_form(request)
    check_csrf(request, form)
    next_path = safe_next(form.get("next"))
    if visit.person_id is not None:
        return RedirectResponse(next_path, status_code=303)
    state = web_state(request)
    if form.get("action") == "skip":
        await state.run(skip_check, visit)
        return _to("/profile/new", next_path)
    try:
        await state.run(check_existing, visit, form.get("last_name", ""), form.get("last4", ""))
    except InputError as error:
        context = {"next": next_path, "last_name": form.get("last_name", "")[:100], "error": str(error)}
        return render(request, "profile_find.html", context, status_code=400)
    return _to("/profile/new", next_path)


def _form_context(values: dict[str, str], **more: object) -> dict[str, object]:
    return {"values": values, "rows": row_counts(values), **CHOICES, **more}


async def new_page(request: Request) -> Response:
    visit = require_signed_in(request)
    next_path = safe_next(request.query_params.get("next"))
    if visit.person_id is not None:
        return RedirectResponse(next_path, status_code=303)
    pending = visit.pending
    values = {
        "first_name": str(pending.get("first_name", "")),
        "last_name": str(pending.get("last_name", "")),
    }
    context = _form_context(values, next=next_path, visit=visit, checked=pending)
    return render(request, "profile_new.html", context)


async def new_save(request: Request) -> Response:
    visit = require_signed_in(request)
    form = await read_portal_form(request)
    check_csrf(request, form)
    next_path = safe_next(form.get("next"))
    if visit.person_id is not None:  # the form sent twice
        return RedirectResponse(next_path, status_code=303)
    try:
        data = read_profile_form(form)
        found = problems(data)
        if found:
            raise InputError(" ".join(found))
        made = await web_state(request).run(create_own_profile, visit, data)
    except InputError as error:
        context = _form_context(
            dict(form), next=next_path, visit=visit, checked=visit.pending, errors=_sentences(error, form)
        )
        return render(request, "profile_new.html", context, status_code=400)
    return render(request, "profile_made.html", {"next": next_path, "matched": made.matched})


def _sentences(error: InputError, form: dict[str, str]) -> list[str]:
    try:
        found = problems(read_profile_form(form))
    except InputError:
        found = []
    return found or [str(error)]


async def profile_page(request: Request) -> Response:
    visit = require_signed_in(request)
    if visit.person_id is None:
        return _to("/profile/find", "/profile")
    profile = await web_state(request).run(own_profile, visit)
    values = values_of(profile)
    saved = request.query_params.get("saved") == "1"
    context = _form_context(values, profile=profile, version=profile.version, saved=saved)
    return render(request, "profile.html", context)


async def profile_save(request: Request) -> Response:
    visit = require_signed_in(request)
    form = await read_portal_form(request)
    check_csrf(request, form)
    if visit.person_id is None:
        return _to("/profile/find", "/profile")
    state = web_state(request)
    try:
        version = int(form.get("version", "0"))
    except ValueError:
        version = 0
    try:
        data = read_profile_form(form)
        found = problems(data)
        if found:
            raise InputError(" ".join(found))
        await state.run(update_own_profile, visit, as_changes(data), version)
    except InputError as error:
        profile = await state.run(own_profile, visit)
        context = _form_context(dict(form), profile=profile, version=version, errors=_sentences(error, form))
        return render(request, "profile.html", context, status_code=400)
    return RedirectResponse("/profile?saved=1", status_code=303)


def routes() -> list[BaseRoute]:
    return [
        Route("/profile/find", find_page, methods=["GET", "HEAD"]),
        Route("/profile/find", find_check, methods=["POST"]),
        Route("/profile/new", new_page, methods=["GET", "HEAD"]),
        Route("/profile/new", new_save, methods=["POST"]),
        Route("/profile", profile_page, methods=["GET", "HEAD"]),
        Route("/profile", profile_save, methods=["POST"]),
    ]
