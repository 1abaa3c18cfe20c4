"""Reading a form POST defensively: a size limit, strict UTF-8, and a sentence for what is wrong (HTTP 400)."""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import ClientDisconnect, Request


class BadForm(Exception):
    """The request body is not a form this server reads; the message is safe to log (no content)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


async def read_form(request: Request, max_bytes: int) -> list[tuple[str, str]]:
    """The form's (name, value) pairs in order, exactly as sent (the provider signs them as sent)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > max_bytes):
        raise BadForm("body too large or its length unreadable", 413 if declared.isdigit() else 400)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise BadForm("not a form (application/x-www-form-urlencoded)", 415)
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_bytes:
                raise BadForm("body too large", 413)
    except ClientDisconnect as error:
        raise BadForm("the client went away before sending the whole body") from error
    try:
        text = body.decode("ascii")
        return parse_qsl(
            text, keep_blank_values=True, strict_parsing=False, errors="strict", max_num_fields=100
        )
    except UnicodeDecodeError as error:
        raise BadForm("the form is not valid UTF-8") from error
    except ValueError as error:
        raise BadForm("the form has too many fields or is malformed") from error
