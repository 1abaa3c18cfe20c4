"""Mail sent in the background, so that no text's reply (or page) waits on a mail server.

The configuration is read when each mail goes, so a change in Settings applies to the next mail. A failure is
logged with the mail's purpose and the server, never the address or the content (a code is in it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from cme_desktop.errors import AppError
from cme_desktop.services.mail.config import MailConfig
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.mail.sending import send

log = logging.getLogger(__name__)


class Outbox:
    def __init__(self, config: Callable[[], MailConfig | None], workers: int = 2) -> None:
        self._config = config
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cme-mail")

    def submit(self, mails: Iterable[OutgoingMail]) -> list[Future[bool]]:
        """Send each mail in the background; each future says whether it went."""
        return [self._pool.submit(self._send, mail) for mail in mails]

    def _send(self, mail: OutgoingMail) -> bool:
        try:
            config = self._config()
            if config is None:
                log.warning(
                    "A %s was not sent: no mail server is set (Settings, or CME_SMTP_URL)", mail.purpose
                )
                return False
            send(config, mail)
        except AppError as error:
            log.warning("%s", error)
            return False
        except Exception:
            log.exception("A %s was not sent", mail.purpose)
            return False
        log.info("Sent a %s", mail.purpose)
        return True

    def close(self) -> None:
        """Wait for the mail already handed over, then stop."""
        self._pool.shutdown(wait=True)
