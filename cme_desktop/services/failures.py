"""One sentence for each failure a coordinator can act on: the database, the disk, a file's encoding.

`explain` is what every command and every dialog shows instead of a traceback. Its sentences never quote the
database's own message beyond what store/db.py vetted, so no learner's name, email or NetID (which PostgreSQL
puts in a constraint's detail) reaches the screen; the full detail goes to the log, redacted (cme_desktop/logs).
Anything it does not know is a bug, and gets None.
"""

from __future__ import annotations

import errno

from sqlalchemy import exc

from cme_desktop.errors import AppError
from cme_desktop.store.db import explain_connection_error

_DISK = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "you may not write there (permission denied)",
    errno.EPERM: "you may not write there (permission denied)",
    errno.ENOENT: "the folder or file does not exist",
    errno.EISDIR: "that is a folder, not a file",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EIO: "the disk reported an input/output error",
}


def explain(error: BaseException) -> str | None:
    """The sentence to show for `error`, or None when it is a bug (log it, say "Something went wrong")."""
    if isinstance(error, AppError):
        return str(error)
    if isinstance(error, exc.IntegrityError):
        return (
            "The database refused the change because someone saved the same record at the same moment "
            "(or it would leave a record pointing at nothing); nothing was saved. Reload and try again."
        )
    if isinstance(error, exc.DataError):
        return (
            "The database refused a value (too long, out of range, or holding a control character such as "
            "NUL); nothing was saved."
        )
    if isinstance(error, exc.DBAPIError | exc.OperationalError):
        return explain_connection_error(error)
    if isinstance(error, UnicodeEncodeError):
        return (
            f"Some characters cannot be shown or written in the {error.encoding} encoding; write to a file, "
            "or set PYTHONIOENCODING=utf-8."
        )
    if isinstance(error, UnicodeDecodeError):
        return f"A file is not text in the {error.encoding} encoding; save it again as UTF-8."
    if isinstance(error, OSError):
        return disk_sentence(error)
    return None


def disk_reason(error: OSError) -> str:
    """'the disk is full', 'the disk is read-only', ...: what went wrong, in words."""
    return _DISK.get(error.errno or 0) or (error.strerror or type(error).__name__).lower()


def disk_sentence(error: OSError, doing: str = "used") -> str:
    """'/backups/office.sqlite3 could not be written: the disk is full.'"""
    reason = disk_reason(error)
    where = error.filename
    if where is None:
        return f"A file could not be {doing}: {reason}; nothing was saved."
    return f"{where} could not be {doing}: {reason}."
