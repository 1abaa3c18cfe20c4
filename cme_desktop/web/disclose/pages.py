"""The disclosure form's pages: opening an invitation's link, the form (GET), and saving, adding or removing a
relationship row, or submitting (POST, then a redirect so a reload never submits twice)."""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from cme_desktop.domain.localtime import say_day, say_time
from cme_desktop.domain.self_disclosure import INELIGIBLE_COMPANY, FormAnswers, FormProblems
from cme_desktop.services.standard3.links import LinkRefused, open_link
from cme_desktop.services.standard3.self_service import (
    DisclosureForm,
    disclosure_form,
    save_draft,
    submit_disclosure,
)
from cme_desktop.web.disclose.access import PATH, Discloser, check_form, discloser, forget_link, link_cookie
from cme_desktop.web.disclose.form import NATURES, read_answers, rows, with_row_added, with_row_removed
from cme_desktop.web.pages import render, sentence_page
from cme_desktop.web.portal.security import read_portal_form
from cme_desktop.web.state import web_state

NOTICES = {
    "saved": "Your draft is saved. Nothing goes to the CME office until you submit.",
    "forgotten": "This device no longer opens your disclosure form. The link in your email still works until it expires.",
}


async def open_invitation(request: Request) -> Response:
    """The link in the invitation: the person's form, or a sentence; never a form for a link that does not work."""
    token = request.path_params["token"]
    try:
        grant = await web_state(request).run(open_link, token)
    except LinkRefused as error:
        status = 410 if error.expired else 404
        page = sentence_page(request, "This link no longer works", str(error), status)
        forget_link(request, page)
        return page
    seconds = max(0, int((grant.expires_at - web_state(request).ctx.clock()).total_seconds()))
    response = RedirectResponse(PATH, status_code=303)
    response.headers.append("set-cookie", link_cookie(request, token, seconds))
    response.headers["referrer-policy"] = "no-referrer"
    return response


def _view(
    request: Request,
    who: Discloser,
    form: DisclosureForm,
    answers: FormAnswers,
    problems: tuple[str, ...] = (),
    notice: str = "",
    status_code: int = 200,
) -> Response:
    zone = form.zone

    def moment(at: datetime) -> str:
        local = at.astimezone(zone)
        return f"{say_time(local.time())} on {say_day(local.date())}"

    context = {
        "form": form,
        "answers": answers,
        "rows": rows(answers),
        "natures": NATURES,
        "problems": problems,
        "notice": notice,
        "definition": INELIGIBLE_COMPANY,
        "via_link": who.link is not None,
        "link_until": say_day(who.link.expires_at.astimezone(zone).date()) if who.link else "",
        "csrf_token": who.csrf_token,
        "moment": moment,
        "day": say_day,
    }
    return render(request, "disclose/form.html", context, status_code)


async def form_page(request: Request) -> Response:
    who = await discloser(request)
    form = await web_state(request).run(disclosure_form, who.person_id)
    notice = NOTICES.get(request.query_params.get("note", ""), "")
    if request.query_params.get("note") == "submitted" and form.history:
        latest = form.history[0]
        notice = (
            "Thank you. You declined to disclose; the CME office will be in touch."
            if latest.status.value == "refused"
            else f"Thank you. Your disclosure is current until {say_day(latest.valid_until)}."
        )
    return _view(request, who, form, form.answers, notice=notice)


async def form_post(request: Request) -> Response:
    who = await discloser(request)
    fields = await read_portal_form(request)
    check_form(request, who, fields)
    state = web_state(request)
    answers = read_answers(fields)
    action = fields.get("action", "save")
    if action == "submit":
        try:
            await state.run(submit_disclosure, who.person_id, answers, who.identity)
        except FormProblems as error:
            await state.run(save_draft, who.person_id, answers)
            form = await state.run(disclosure_form, who.person_id)
            return _view(request, who, form, answers, problems=error.problems, status_code=400)
        return RedirectResponse(f"{PATH}?note=submitted", status_code=303)
    anchor = ""
    if action == "add":
        answers = with_row_added(answers)
        anchor = f"#rel-{len(answers.relationships) - 1}"
    elif action.startswith("remove-") and action[7:].isdigit():
        answers = with_row_removed(answers, int(action[7:]))
        anchor = "#relationships"
    await state.run(save_draft, who.person_id, answers)
    return RedirectResponse(
        f"{PATH}?note=saved{anchor}" if not anchor else f"{PATH}{anchor}", status_code=303
    )


async def forget(request: Request) -> Response:
    """'Not my device': the browser forgets the link (the emailed link itself still works)."""
    who = await discloser(request)
    fields = await read_portal_form(request)
    check_form(request, who, fields)
    response = RedirectResponse(f"{PATH}/forgotten", status_code=303)
    forget_link(request, response)
    return response


async def forgotten(request: Request) -> Response:
    return sentence_page(request, "Done", NOTICES["forgotten"], 200)


def routes() -> list[BaseRoute]:
    return [
        Route(f"{PATH}/i/{{token}}", open_invitation, methods=["GET"]),
        Route(PATH, form_page, methods=["GET"]),
        Route(PATH, form_post, methods=["POST"]),
        Route(f"{PATH}/forget", forget, methods=["POST"]),
        Route(f"{PATH}/forgotten", forgotten, methods=["GET"]),
    ]
