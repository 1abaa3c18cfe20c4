"""Single sign-on over OpenID Connect (authorization code flow with PKCE, authlib's client): /sign-in/sso sends
the browser to the institution's login, /sign-in/sso/callback takes the code back, exchanges it for tokens and
checks the ID token (signature against the issuer's published keys, issuer, audience, expiry, nonce) before
anyone is signed in. The state, nonce and verifier stay in the database with the browser's session."""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from typing import Any
from urllib.parse import quote

import httpx2
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from cme_desktop.services.portal.sso import (
    PENDING_KEY,
    SsoSetup,
    identity_from_claims,
    remember_attempt,
    sign_in_with_sso,
    sso_setup,
)
from cme_desktop.web.pages import sentence_page, visit_of
from cme_desktop.web.portal.auth import PROFILE_STEP, ensure_session, safe_next, use_session
from cme_desktop.web.state import web_state

log = logging.getLogger(__name__)

CALLBACK = "/sign-in/sso/callback"
SCOPE = "openid profile email"
DISCOVERY_SECONDS = 3600.0
HTTP_SECONDS = 10.0
_discovered: dict[str, tuple[float, dict[str, Any], KeySet | None]] = {}


class SignOnUnavailable(Exception):
    """The institution's sign-on could not be reached or answered something unusable (logged, not shown)."""


def _not_set_up(request: Request) -> Response:
    return sentence_page(
        request,
        "Single sign-on is not set up",
        "This office has not set up sign-in with the institution's login. Sign in with a code sent to your email.",
        404,
        back="/sign-in",
    )


def _failed(request: Request, sentence: str) -> Response:
    return sentence_page(request, "Sign-in did not finish", sentence, 400, back="/sign-in")


async def _http_json(url: str) -> dict[str, Any]:
    async with httpx2.AsyncClient(timeout=HTTP_SECONDS) as client:
        response = await client.get(url)
    if response.status_code != 200:
        raise SignOnUnavailable(f"{url} answered {response.status_code}")
    data = response.json()
    if not isinstance(data, dict):
        raise SignOnUnavailable(f"{url} did not answer a JSON object")
    return data


async def _metadata(setup: SsoSetup, refresh_keys: bool = False) -> tuple[dict[str, Any], KeySet]:
    """The issuer's OpenID configuration and signing keys, cached for an hour (keys again on an unknown key)."""
    cached = _discovered.get(setup.issuer)
    if cached is None or time.monotonic() - cached[0] > DISCOVERY_SECONDS:
        config = await _http_json(setup.issuer.rstrip("/") + "/.well-known/openid-configuration")
        if str(config.get("issuer", "")).rstrip("/") != setup.issuer.rstrip("/"):
            raise SignOnUnavailable("the issuer's configuration names another issuer")
        cached = (time.monotonic(), config, None)
    config, keys = cached[1], cached[2]
    if keys is None or refresh_keys:
        keys = KeySet.import_key_set(await _http_json(str(config["jwks_uri"])))  # type: ignore[arg-type]
    _discovered[setup.issuer] = (cached[0], config, keys)
    return config, keys


async def start(request: Request) -> Response:
    state = web_state(request)
    setup = await state.run(sso_setup)
    if setup is None:
        return _not_set_up(request)
    next_path = safe_next(request.query_params.get("next"))
    visit = visit_of(request)
    if visit is not None and visit.signed_in:
        return RedirectResponse(next_path, status_code=303)
    visit = await ensure_session(request)
    try:
        config, _ = await _metadata(setup)
    except Exception as error:
        log.warning("The single sign-on could not be reached: %s", error)
        return _failed(
            request,
            "The institution's login cannot be reached right now. Try again in a minute, or "
            "sign in with a code sent to your email.",
        )
    attempt = {
        "state": secrets.token_urlsafe(24),
        "nonce": secrets.token_urlsafe(24),
        "verifier": secrets.token_urlsafe(48),
        "next": next_path,
    }
    if not await state.run(remember_attempt, visit.session_id, attempt):
        return _failed(request, "This page has expired; start signing in again.")
    client = AsyncOAuth2Client(
        setup.client_id,
        scope=SCOPE,
        redirect_uri=state.config.url_for(CALLBACK),
        code_challenge_method="S256",
    )
    url, _ = client.create_authorization_url(
        str(config["authorization_endpoint"]),
        state=attempt["state"],
        nonce=attempt["nonce"],
        code_verifier=attempt["verifier"],
    )
    return RedirectResponse(url, status_code=303)


async def callback(request: Request) -> Response:
    state = web_state(request)
    setup = await state.run(sso_setup)
    if setup is None:
        return _not_set_up(request)
    visit = visit_of(request)
    attempt = visit.pending.get(PENDING_KEY) if visit is not None else None
    given_state = request.query_params.get("state", "")
    if (
        visit is None
        or not isinstance(attempt, dict)
        or not hmac.compare_digest(given_state.encode(), str(attempt.get("state", "")).encode())
    ):
        return _failed(request, "This sign-in link has expired or was already used. Start signing in again.")
    if request.query_params.get("error"):
        return _failed(
            request,
            "Signing in with the institution's login was cancelled or refused. "
            "Try again, or sign in with a code sent to your email.",
        )
    code = request.query_params.get("code", "")
    if not code or len(code) > 2000:
        return _failed(request, "The institution's login sent no sign-in code back. Start signing in again.")
    try:
        claims = await _verified_claims(setup, code, attempt, state.config.url_for(CALLBACK))
    except Exception as error:
        log.warning("A single sign-on answer was refused: %s", error)
        return _failed(
            request,
            "The institution's login answered something we could not check, so you are "
            "not signed in. Try again, or sign in with a code sent to your email.",
        )
    identity = identity_from_claims(claims, setup.netid_claim)
    if identity is None:
        log.warning(
            "The sign-on's ID token has no usable %r claim (Settings: the claim holding the NetID)",
            setup.netid_claim,
        )
        return _failed(
            request,
            "The institution's login did not say your NetID, so you are not signed in. "
            "Contact the CME office.",
        )
    signed_in = await state.run(sign_in_with_sso, visit.session_id, identity)
    use_session(request, signed_in.token, signed_in.visit)
    next_path = safe_next(str(attempt.get("next", "/")))
    if signed_in.visit.person_id is None:
        return RedirectResponse(f"{PROFILE_STEP}?next={quote(next_path, safe='/')}", status_code=303)
    return RedirectResponse(next_path, status_code=303)


async def _verified_claims(
    setup: SsoSetup, code: str, attempt: dict[str, Any], redirect_uri: str
) -> dict[str, Any]:
    config, keys = await _metadata(setup)
    async with AsyncOAuth2Client(
        setup.client_id,
        setup.client_secret or None,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        timeout=HTTP_SECONDS,
        token_endpoint_auth_method="client_secret_basic" if setup.client_secret else "none",
    ) as client:
        token = await client.fetch_token(
            str(config["token_endpoint"]), code=code, code_verifier=str(attempt["verifier"])
        )
    id_token = token.get("id_token")
    if not id_token:
        raise SignOnUnavailable("no ID token in the token response")
    try:
        decoded = jwt.decode(id_token, keys)
    except JoseError:
        _, keys = await _metadata(setup, refresh_keys=True)  # the issuer may have rotated its keys
        decoded = jwt.decode(id_token, keys)
    registry = jwt.JWTClaimsRegistry(
        leeway=60,
        iss={"essential": True, "value": str(config["issuer"])},
        aud={"essential": True, "value": setup.client_id},
        exp={"essential": True},
        nonce={"essential": True, "value": str(attempt["nonce"])},
    )
    registry.validate(decoded.claims)
    return dict(decoded.claims)


def routes() -> list[BaseRoute]:
    return [
        Route("/sign-in/sso", start, methods=["GET"]),
        Route(CALLBACK, callback, methods=["GET"]),
    ]
