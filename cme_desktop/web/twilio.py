"""The texting provider's webhooks: inbound texts at /twilio/sms and delivery reports at /twilio/status.

Every request is checked before anything is read into the database: the signature over `<public-url><path>`
(the address given to Twilio, whatever this server listens on), the message id's form, then the service decides
whether the text was sent to the office's number and account. Nothing a learner sent reaches the log: a refused
request is logged with its reason and the client's address only. Non-POST requests get 405 (Starlette).
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from cme_desktop.domain.twilio import EMPTY_RESPONSE, is_message_sid, signature_is_valid
from cme_desktop.services.texting.conversation import NOT_THE_OFFICES, InboundText, handle_inbound
from cme_desktop.services.texting.status import DeliveryReport, record_delivery
from cme_desktop.web.forms import BadForm, read_form
from cme_desktop.web.state import WebState, web_state

log = logging.getLogger(__name__)

SMS_PATH = "/twilio/sms"
STATUS_PATH = "/twilio/status"
XML = "application/xml; charset=utf-8"
_MAX_FIELD = 1600 * 4  # a body of 1,600 characters, each up to 4 bytes


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _refuse(request: Request, status: int, reason: str) -> Response:
    log.warning("Refused a %s request from %s: %s", request.url.path, _client(request), reason)
    return PlainTextResponse(reason + "\n", status_code=status)


async def _signed_form(request: Request, state: WebState) -> dict[str, str] | Response:
    """The form's fields, or the response refusing the request."""
    if not state.config.twilio_token:  # no token, no signature check: nothing a text says is believed
        return _refuse(request, 503, "texting is off on this server: it has no Twilio auth token")
    try:
        pairs = await read_form(request, state.config.limits.max_body_bytes)
    except BadForm as error:
        return _refuse(request, error.status, str(error))
    query = request.url.query
    url = state.config.url_for(request.url.path) + (f"?{query}" if query else "")
    if not signature_is_valid(
        state.config.twilio_token, url, pairs, request.headers.get("x-twilio-signature")
    ):
        return _refuse(request, 403, "bad or missing signature")
    fields = dict(pairs)
    if any(len(value) > _MAX_FIELD for value in fields.values()):
        return _refuse(request, 413, "a field is too long")
    # NUL and other control characters (but line breaks) are dropped: a text never carries them and PostgreSQL
    # cannot store NUL. The signature was checked over the values as sent.
    return {name: _clean(value) for name, value in fields.items()}


def _clean(value: str) -> str:
    return "".join(ch for ch in value if ch >= " " or ch in "\n\t")


async def inbound_sms(request: Request) -> Response:
    state = web_state(request)
    form = await _signed_form(request, state)
    if isinstance(form, Response):
        return form
    if "MessageStatus" in form and "Body" not in form:  # a delivery report sent to the texting address
        return await _delivery_report(request, state, form)
    sid = form.get("MessageSid", "")
    if not is_message_sid(sid):
        return _refuse(request, 400, "MessageSid missing or not SM/MM and 32 hexadecimal digits")
    sender = form.get("From", "").strip()
    if not sender:
        return _refuse(request, 400, "From missing")
    text = InboundText(
        sid,
        sender,
        form.get("To"),
        form.get("Body", ""),
        account_sid=form.get("AccountSid"),
        opt_out_type=(form.get("OptOutType") or "").upper() or None,
    )
    try:
        reply = await state.run(handle_inbound, text)
    except Exception as error:  # the provider retries; the log gets the kind of failure, not the text
        log.error(
            "Could not answer a text: %s", type(error).__name__, exc_info=log.isEnabledFor(logging.DEBUG)
        )
        return PlainTextResponse("could not answer now\n", status_code=503)
    if reply is NOT_THE_OFFICES:
        log.warning(
            "Ignored a text from %s: not to the office's number or account (Settings)", _client(request)
        )
    if reply.mail:
        state.outbox.submit(reply.mail)  # after the reply is built; the text never waits on the mail server
    return Response(reply.twiml(), media_type=XML)


async def _delivery_report(request: Request, state: WebState, form: dict[str, str]) -> Response:
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    if not is_message_sid(sid):
        return _refuse(request, 400, "MessageSid missing or not SM/MM and 32 hexadecimal digits")
    report = DeliveryReport(
        sid, form.get("MessageStatus", ""), form.get("To", ""), form.get("ErrorCode") or None
    )
    try:
        if await state.run(record_delivery, report):
            log.info("A number was opted out: the carrier refused a text to it (error %s)", report.error_code)
    except Exception as error:
        log.error("Could not record a delivery report: %s", type(error).__name__)
        return PlainTextResponse("could not record now\n", status_code=503)
    return Response(EMPTY_RESPONSE, media_type=XML)


async def status_callback(request: Request) -> Response:
    state = web_state(request)
    form = await _signed_form(request, state)
    if isinstance(form, Response):
        return form
    return await _delivery_report(request, state, form)


def routes() -> list[BaseRoute]:
    return [
        Route(SMS_PATH, inbound_sms, methods=["POST"]),
        Route(STATUS_PATH, status_callback, methods=["POST"]),
    ]
