"""What every command shares: opening the database, printing JSON, failing with one sentence."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cme_desktop.services.context import Context


class CommandError(Exception):
    """A failure to report as one sentence, exit code 1."""


def open_context(url: str, migrate: bool = True, *, pre_ping: bool = True) -> Context:
    """A service context on the database at `url`, its schema brought up to date (see create_engine for pre_ping)."""
    from cme_desktop.services.database.opening import open_context as open_service_context

    return open_service_context(url, migrate=migrate, pre_ping=pre_ping)


def parse_date(text: str) -> date:
    import argparse

    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-27.") from error


def print_json(value: Any) -> None:
    """One JSON object or list on stdout; times keep their offset."""

    def default(obj: Any) -> Any:
        if isinstance(obj, datetime | date | time):
            return obj.isoformat()
        if isinstance(obj, tuple | set | frozenset):
            return list(obj)
        if is_dataclass(obj) and not isinstance(obj, type):
            return asdict(obj)
        raise TypeError(type(obj).__name__)

    try:
        json.dump(value, sys.stdout, indent=2, default=default, ensure_ascii=False)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `... | head` closed the pipe: not an error worth a traceback
        sys.stderr.close()
