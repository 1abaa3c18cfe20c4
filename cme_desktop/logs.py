"""The log file: private to the coordinator (0600 on POSIX) and never holding a learner's details.

SQL parameters never reach an error's text (engines are made with hide_parameters, store/db.py); what the
database itself puts in a message (PostgreSQL's "Key (address)=(jane@example.org) already exists", "Failing row
contains (...)") and any email address are blanked by the formatter before a line is written. The app logs
here from start-up; a command writes here only when it fails, with the full detail its one sentence leaves out.
"""

from __future__ import annotations

import logging
import os
import re
import traceback
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path

from cme_desktop.config import log_path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_REDACTIONS = (
    (
        re.compile(r"(Key \([^)]*\))=\((?:[^()]|\([^)]*\))*\)"),
        r"\1=(…)",
    ),  # PostgreSQL's DETAIL of a unique key
    (re.compile(r"(Failing row contains )\((?:[^()]|\([^)]*\))*\)"), r"\1(…)"),
    (re.compile(r"\[parameters: .*?\](?=\n|$)", re.DOTALL), "[parameters hidden]"),
    (re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"), "…@…"),  # any email address
)


def redact(text: str) -> str:
    """`text` without the values a database error or a message may carry about a person."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats as usual (tracebacks included), then blanks personal values."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class PrivateFileHandler(RotatingFileHandler):
    """A rotating log whose files only their owner can read, whatever the umask."""

    def _open(self) -> TextIOWrapper:
        make_private(Path(self.baseFilename))
        return super()._open()


def make_private(path: Path) -> None:
    """Create `path` readable by its owner only, or take group and other access away if it exists (POSIX)."""
    if os.name != "posix":
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass  # opening the file says why, in its own words


def file_handler(path: Path | None = None) -> logging.Handler:
    path = path or log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = PrivateFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(RedactingFormatter(FORMAT))
    return handler


def setup_logging() -> None:
    """The app's logging: everything from INFO up to the private log file."""
    logging.basicConfig(level=logging.INFO, handlers=[file_handler()], force=True)


def log_failure(error: BaseException, what: str) -> Path | None:
    """Write a failure's full detail (its traceback, redacted) to the log file; returns where, or None when the
    log itself cannot be written (then the one sentence is all there is)."""
    logger = logging.getLogger("cme_desktop.failures")
    path = log_path()
    try:
        if not any(getattr(h, "baseFilename", None) == str(path.absolute()) for h in logger.handlers):
            for old in list(logger.handlers):  # the data folder moved (another test, CME_DATA_DIR)
                logger.removeHandler(old)
                old.close()
            logger.addHandler(file_handler(path))
            logger.propagate = False
            logger.setLevel(logging.INFO)
        detail = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        logger.error("%s\n%s", what, detail)
        return path
    except OSError:
        return None
