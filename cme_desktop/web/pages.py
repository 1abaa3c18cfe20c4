"""Server-rendered pages: one Jinja2 environment over web/templates (autoescaped: whatever a learner typed is shown
as text, never as markup) and `render`, which gives every page the office's look, the form's CSRF token and the
signed-in learner's name.

Every template extends `base.html` (blocks `title` and `content`; the content goes in `<main id="main">`). Pages
work without JavaScript and the Content-Security-Policy allows none (web/portal/security.py): styles come from
/static/portal.css and the office's colour from /office.css.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.localtime import say_day, say_time
from cme_desktop.services.office.settings import DEFAULTS
from cme_desktop.services.portal.sessions import OfficeLook, Visit

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)
environment.filters["day"] = say_day
environment.filters["time"] = say_time
environment.filters["credits"] = format_credits

# The links in every page's navigation for a signed-in learner, in order: (path, label). A capability adds its
# own page here when its module is imported (e.g. the records page).
NAV_LINKS: list[tuple[str, str]] = []


def add_nav_link(path: str, label: str) -> None:
    """Show `label` linking to `path` in the navigation of every page a signed-in learner sees."""
    if (path, label) not in NAV_LINKS:
        NAV_LINKS.append((path, label))


_DEFAULT_LOOK = OfficeLook.of(DEFAULTS)


def office_of(request: Request) -> OfficeLook:
    """The office's look, read with the visit (web/portal/visits.py); the defaults where no visit was read."""
    look = getattr(request.state, "office", None)
    return look if isinstance(look, OfficeLook) else _DEFAULT_LOOK


def visit_of(request: Request) -> Visit | None:
    """The browser's live portal session, or None."""
    visit = getattr(request.state, "visit", None)
    return visit if isinstance(visit, Visit) else None


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """The page `template` with `context`, plus `office` (.name, .colour, ...), `csrf_token` ("" without a
    session) and `learner` (the signed-in learner's display name, or None)."""
    visit = visit_of(request)
    values: dict[str, Any] = {
        "request": request,
        "office": office_of(request),
        "csrf_token": visit.csrf_token if visit is not None else "",
        "learner": visit.learner_name if visit is not None and visit.signed_in else None,
        "signed_in": visit is not None and visit.signed_in,
        "nav_links": NAV_LINKS,
        "path": request.url.path,
    }
    values.update(context or {})
    html = environment.get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})


def sentence_page(
    request: Request, title: str, sentence: str, status_code: int, back: str = "/"
) -> HTMLResponse:
    """A page that says one thing (a refused form, a missing page) with a way back."""
    return render(request, "sentence.html", {"title": title, "sentence": sentence, "back": back}, status_code)
