"""Faculty and planners disclose for themselves (issue 18): the invitation's link (/disclose/i/TOKEN) signs the
invited person in for their disclosure form only; a person signed in on the portal reaches the same form at
/disclose. Drafts, submissions and revisions go through services/standard3/self_service.py."""

from __future__ import annotations

from starlette.routing import BaseRoute

from cme_desktop.web.disclose import pages


def routes() -> list[BaseRoute]:
    return pages.routes()
