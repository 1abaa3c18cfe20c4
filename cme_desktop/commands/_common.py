"""What every command shares: opening the database, printing JSON, failing with one sentence."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from cme_desktop.clock import Clock, system_clock

if TYPE_CHECKING:
    from cme_desktop.services.context import Context
    from cme_desktop.services.importing.report import ImportReport


class CommandError(Exception):
    """A failure to report as one sentence, exit code 1."""


@dataclass(frozen=True)
class Opener:
    """How a command opens its database: the URL it was given and the clock every context it opens reads.

    `cli.run` makes one per command and hands it to the handler, so a test passes its frozen clock to `run`.
    """

    url: str
    clock: Clock = system_clock

    def open(self, migrate: bool = True, *, pre_ping: bool = True, create: bool = False) -> Context:
        """A service context on the database, its schema brought up to date (see create_engine for pre_ping).

        Only `init` and `demo` pass `create`: every other command on a missing, empty or foreign database says
        so and changes nothing. A PostgreSQL password comes from the keyring, PGPASSWORD or PGPASSFILE, or a
        prompt when the command runs on a terminal."""
        from cme_desktop.services.database.opening import open_context

        ask = _ask_password if sys.stdin is not None and sys.stdin.isatty() else None
        return open_context(
            self.url, migrate=migrate, create=create, pre_ping=pre_ping, clock=self.clock, ask_password=ask
        )


def _ask_password(prompt: str) -> str | None:
    import getpass

    try:
        return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        return None


Handler = Callable[[argparse.Namespace, Opener], int]
"""What a command runs: the parsed arguments and the opener in, the exit code out."""


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-27.") from error


def _encodable(obj: Any) -> Any:
    if isinstance(obj, datetime | date | time):
        return obj.isoformat()
    if isinstance(obj, tuple | set | frozenset):
        return list(obj)
    if is_dataclass(obj) and not isinstance(obj, type):
        return asdict(obj)
    raise TypeError(type(obj).__name__)


def print_json(value: Any) -> None:
    """One JSON object or list on stdout; times keep their offset."""
    try:
        json.dump(value, sys.stdout, indent=2, default=_encodable, ensure_ascii=False)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `... | head` closed the pipe: not an error worth a traceback
        sys.stderr.close()


def print_json_list(items: Iterable[Any]) -> None:
    """One JSON list on stdout, written item by item as `items` yields them (an office of 100,000 people is
    never held in memory twice); the same layout as print_json."""
    try:
        sys.stdout.write("[")
        count = 0
        for item in items:
            body = json.dumps(item, indent=2, default=_encodable, ensure_ascii=False)
            sys.stdout.write(("," if count else "") + "\n  " + body.replace("\n", "\n  "))
            count += 1
        sys.stdout.write("\n]\n" if count else "]\n")
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()


def print_import_report(report: ImportReport) -> None:
    """How the file was read, then one line per row: what importing it does, or every problem it has."""
    print(f"Read {report.source} as {report.read_as}.")
    if report.ignored_columns:
        print(f"Columns CME Desk does not use were left out: {', '.join(report.ignored_columns)}.")
    for row in report.rows:
        what = " · ".join(cell for cell in row.cells if cell) or "(no name)"
        if row.problems:
            print(f"line {row.line}: {what}: " + " ".join(row.problems))
        else:
            print(f"line {row.line}: {what}: {row.outcome}" + (f" ({row.note})" if row.note else ""))
    for problem in report.file_problems:
        print(problem[:1].upper() + problem[1:])
    if report.advice:
        print(report.advice)
