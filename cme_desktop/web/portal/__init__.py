"""The learner portal's pages (issue 17), served at the public address's root: home, sign-in, the profile step,
claims by code. Other capabilities' pages (records, verification, disclosures) use the same `web/pages.py`,
`portal.auth` and `portal.security`."""

from __future__ import annotations

from starlette.routing import BaseRoute

from cme_desktop.web.portal import claim, home, profile, signin, sso


def routes() -> list[BaseRoute]:
    return [*home.routes(), *signin.routes(), *profile.routes(), *claim.routes(), *sso.routes()]
