"""Sending one email through the office's SMTP server: STARTTLS by default, the certificate checked, tried twice.

A second try covers a server that dropped the connection or answered "try again" (4xx); a refusal of the address
or of the login is final and not retried. Failures raise MailNotSent with a sentence for the office's log.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import sys
import time

from cme_desktop.errors import AppError
from cme_desktop.services.mail.config import MailConfig
from cme_desktop.services.mail.message import OutgoingMail

log = logging.getLogger(__name__)

ATTEMPTS = 2
RETRY_PAUSE = 2.0


class MailNotSent(AppError):
    """The mail server could not be reached or refused the message."""


def _context(config: MailConfig) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=config.cafile)


def _deliver(config: MailConfig, mail: OutgoingMail) -> None:
    client: smtplib.SMTP
    if config.security == "tls":
        client = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=_context(config))
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    with client:
        client.ehlo()
        if config.security == "starttls":
            client.starttls(context=_context(config))
            client.ehlo()
        if config.user:
            client.login(config.user, config.password)
        client.send_message(mail.as_message(config.sender))


def _final(error: Exception) -> bool:
    """A refusal that another try would meet again: the login, the address, a 5xx answer."""
    if isinstance(error, smtplib.SMTPAuthenticationError | smtplib.SMTPRecipientsRefused):
        return True
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def send(config: MailConfig, mail: OutgoingMail, pause: float | None = None) -> None:
    """Send `mail`, trying once more after a failure that may pass; MailNotSent when it could not be sent."""
    if config.security == "console":
        _print(mail)
        return
    for attempt in range(1, ATTEMPTS + 1):
        try:
            _deliver(config, mail)
            return
        except (smtplib.SMTPException, OSError) as error:
            if attempt == ATTEMPTS or _final(error):
                raise MailNotSent(
                    f"The {mail.purpose} could not be sent through {config.host}:{config.port}: "
                    f"{_explain(error)}."
                ) from error
            log.info("Sending a %s failed (%s); trying once more", mail.purpose, type(error).__name__)
            time.sleep(RETRY_PAUSE if pause is None else pause)


def _explain(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "the server refused the user name or password"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "the server refused the address"
    if isinstance(error, ssl.SSLError):
        return f"the secure connection failed ({error.reason or 'TLS'})"
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return "the server does not offer STARTTLS (choose another encryption in Settings)"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"the server answered {error.smtp_code}"
    return type(error).__name__ if not str(error) else str(error)


def _print(mail: OutgoingMail) -> None:
    """CME_SMTP_URL=console: the mail on the terminal, for trying things out on one computer (never a server)."""
    rule = "-" * 72
    sys.stderr.write(
        f"{rule}\nMail printed here, not sent (CME_SMTP_URL=console:)\nTo: {mail.to}\n"
        f"Subject: {mail.subject}\n\n{mail.text.rstrip()}\n{rule}\n"
    )
    sys.stderr.flush()
