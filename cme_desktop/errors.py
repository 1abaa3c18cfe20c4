"""The failures CME Desk explains in one sentence, classified once for every layer.

`AppError` and its subclasses are meant for the coordinator (or the learner): `str(error)` is one sentence that
says what is wrong and what to do, and a window or a command shows it as it is. Anything else is a bug: it is
logged with its traceback and shown as "Something went wrong" with the log's location.
"""

from __future__ import annotations


class AppError(Exception):
    """A failure a person can act on; its message is one sentence meant for them."""


class InputError(AppError, ValueError):
    """Input the rules refuse: a form field, a file, a code, a choice. Still a ValueError for older callers."""


class DatabaseUnavailable(AppError):
    """The database could not be reached or refused us; trying again may help."""


class SchemaTooNew(AppError):
    """The database was upgraded by a newer CME Desk than this one."""


class NoDatabase(AppError):
    """There is no CME Desk database where a command looked (a mistyped path, an empty or foreign database)."""
