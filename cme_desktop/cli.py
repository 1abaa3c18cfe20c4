"""The command line: open the app, or do one job for IT staff, scripts and tests (DESIGN.md, "Command line").

Errors go to stderr as a sentence a coordinator understands, with a non-zero exit. A command reads time only
through the clock given to `run` (tests give theirs), carried to its handler with the URL in an `Opener`.
"""

from __future__ import annotations

import argparse
import os
import sys

from cme_desktop import APP_NAME, __version__
from cme_desktop.clock import Clock, system_clock
from cme_desktop.commands import register_all
from cme_desktop.commands._common import CommandError, Opener
from cme_desktop.config import DATABASE_ENV, resolve_database_url


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cme-desktop", description=f"{APP_NAME}: the CME office's desktop.")
    parser.add_argument("--database", metavar="URL", help=f"database URL (also {DATABASE_ENV})")
    parser.add_argument("--demo", action="store_true", help="use the demo database, filled with demo data")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--quit-after-shown", action="store_true", help=argparse.SUPPRESS)
    register_all(parser.add_subparsers(dest="command", metavar="COMMAND"))
    return parser


def run(argv: list[str], *, clock: Clock = system_clock) -> int:
    args = build_parser().parse_args(argv)
    url = resolve_database_url(args.database, demo=args.demo)
    if args.command is None:
        from cme_desktop.ui.app import run_app

        explicit = bool(args.database or os.environ.get(DATABASE_ENV))
        return run_app(url, demo=args.demo, explicit=explicit, quit_after_shown=args.quit_after_shown)
    try:
        return int(args.handler(args, Opener(url, clock)))
    except CommandError as error:
        return _fail(str(error))
    except Exception as error:
        message = explain(error)
        if message is None:
            raise
        return _fail(message)


def _fail(message: str) -> int:
    print(f"cme-desktop: {message}", file=sys.stderr)
    return 1


def explain(error: Exception) -> str | None:
    """The sentence for an error a coordinator can act on; None for a bug (which keeps its traceback)."""
    from cme_desktop.errors import AppError

    if isinstance(error, AppError | FileNotFoundError | PermissionError):
        return str(error)
    return None
