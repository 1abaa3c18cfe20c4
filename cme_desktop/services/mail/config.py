"""Where mail goes out: the office's SMTP server, from CME_SMTP_URL on a server or from the office settings.

`CME_SMTP_URL` is `smtp://user@host:port` (STARTTLS, the default and the usual port 587), `smtps://user@host:port`
(TLS from the start, 465) or `smtp+plain://host:port` (no encryption: a relay on the same machine only). The
password is never in a URL, a setting or the database: it is in the keyring (Settings) or `CME_SMTP_PASSWORD`.

`CME_SMTP_URL=console:` sends nothing: each mail is printed on the server's terminal (trying the portal on one
computer, e.g. the demo). `cme-desktop serve` accepts it only on 127.0.0.1 without an https public address.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from cme_desktop.errors import InputError
from cme_desktop.secrets import get_secret
from cme_desktop.services.office.settings import OfficeSettings

URL_ENV = "CME_SMTP_URL"
PASSWORD_ENV = "CME_SMTP_PASSWORD"
FROM_ENV = "CME_MAIL_FROM"
CA_FILE_ENV = "CME_SMTP_CA_FILE"
PASSWORD_NAME = "smtp-password"

_SCHEMES = {"smtp": "starttls", "smtps": "tls", "smtp+plain": "none"}
_DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


@dataclass(frozen=True)
class MailConfig:
    host: str
    port: int
    security: str  # "starttls", "tls", "none", or "console" (printed, not sent)
    user: str
    password: str
    sender: str
    # A CA bundle for a server whose certificate an internal authority signed (else the system's).
    cafile: str | None = None
    timeout: float = 15.0

    def __repr__(self) -> str:  # never the password, in a log or a traceback
        return f"MailConfig({self.security}://{self.user + '@' if self.user else ''}{self.host}:{self.port})"


def password() -> str:
    return get_secret(PASSWORD_NAME) or os.environ.get(PASSWORD_ENV, "")


def parse_smtp_url(url: str) -> tuple[str, int, str, str]:
    """(host, port, security, user) from an smtp://, smtps:// or smtp+plain:// URL, or InputError."""
    parts = urlsplit(url.strip())
    security = _SCHEMES.get(parts.scheme.lower())
    if security is None or not parts.hostname:
        raise InputError(
            f"{URL_ENV} should look like smtp://user@mail.example.edu:587 (or smtps://... for TLS on 465)."
        )
    if parts.password:
        raise InputError(f"Put the mail password in {PASSWORD_ENV} or the keyring, not in {URL_ENV}.")
    try:
        port = parts.port or _DEFAULT_PORTS[security]
    except ValueError as error:
        raise InputError(f"The port in {URL_ENV} is not a number.") from error
    return parts.hostname, port, security, unquote(parts.username or "")


def mail_server_named(settings: OfficeSettings) -> bool:
    """Whether CME_SMTP_URL or the office settings name a mail server (without reading the password)."""
    return bool(os.environ.get(URL_ENV, "").strip() or settings.smtp_host)


CONSOLE = "console:"


def console_mail() -> bool:
    """Whether mail is printed on the terminal instead of sent (CME_SMTP_URL=console:)."""
    return os.environ.get(URL_ENV, "").strip().lower() in (CONSOLE, "console://")


def mail_config(settings: OfficeSettings) -> MailConfig | None:
    """The mail server to use, or None when neither CME_SMTP_URL nor the office settings name one."""
    url = os.environ.get(URL_ENV, "").strip()
    if console_mail():
        return MailConfig("console", 0, "console", "", "", settings.mail_from or "cme@localhost")
    if url:
        host, port, security, user = parse_smtp_url(url)
        sender = os.environ.get(FROM_ENV, "").strip() or settings.mail_from or user
    elif settings.smtp_host:
        host, port, security, user = (
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_security,
            settings.smtp_user,
        )
        sender = settings.mail_from or user
    else:
        return None
    if "@" not in sender:
        sender = f"cme@{host}"
    return MailConfig(host, port, security, user, password(), sender, os.environ.get(CA_FILE_ENV) or None)
