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
    parser.add_argument(
        "--database",
        metavar="URL",
        help=f"database URL (also {DATABASE_ENV}); leave the password out of it (others can see a command line): "
        "it comes from the keyring (Settings > Database), PGPASSWORD, a PGPASSFILE or a prompt",
    )
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
    # Every file a command writes (database, backup, export, PDF, log) is the coordinator's alone.
    umask = os.umask(0o077) if os.name == "posix" else None
    try:
        return int(args.handler(args, Opener(url, clock)))
    except CommandError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return _fail("Stopped; nothing more was done.", code=130)
    except Exception as error:
        return _fail(explain(error, args.command))
    finally:
        if umask is not None:
            os.umask(umask)


def _fail(message: str, code: int = 1) -> int:
    print(f"cme-desktop: {message}", file=sys.stderr)
    return code


def explain(error: Exception, command: str = "") -> str:
    """The one sentence for a failure: a coordinator's (AppError), or a database, disk or encoding failure put in
    words without personal data; the full detail goes to the log (redacted). A bug is never a traceback on the
    terminal either: it is logged, and the sentence says where."""
    from cme_desktop.errors import AppError
    from cme_desktop.logs import log_failure
    from cme_desktop.services.failures import explain as sentence_for

    sentence = sentence_for(error)
    if isinstance(error, AppError):
        return str(error)
    logged = log_failure(error, f"cme-desktop {command} failed")
    where = f"; the details are in {logged}" if logged else ""
    if sentence is not None:
        return sentence if not logged else f"{sentence.rstrip('.')} (details in {logged})."
    return f"Something went wrong ({type(error).__name__}){where}."
