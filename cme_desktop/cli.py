"""The command line: open the app, or do one job for IT staff, scripts and tests (DESIGN.md, "Command line").

Errors go to stderr as a sentence a coordinator understands, with a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from cme_desktop import APP_NAME, __version__
from cme_desktop.config import resolve_database_url


class CommandError(Exception):
    """A failure to report as one sentence, exit code 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cme-desktop", description=f"{APP_NAME}: the CME office's desktop.")
    parser.add_argument("--database", metavar="URL", help="database URL (also CME_DATABASE_URL)")
    parser.add_argument("--demo", action="store_true", help="use the demo database, filled with demo data")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--quit-after-shown", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("init", help="create or upgrade the schema")
    commands.add_parser("demo", help="fill the database with realistic demo data (safe to repeat)")

    sessions = commands.add_parser("sessions", help="list sessions")
    sessions.add_argument("--from", dest="start", type=_date, help="first day (YYYY-MM-DD), default today")
    sessions.add_argument("--to", dest="end", type=_date, help="last day (YYYY-MM-DD), default a week on")
    sessions.add_argument("--json", action="store_true", required=True, help="print JSON")

    people = commands.add_parser("people", help="find people")
    people.add_argument("--search", default="", metavar="TEXT")
    people.add_argument("--limit", type=int, default=200)
    people.add_argument("--json", action="store_true", required=True, help="print JSON")

    backup = commands.add_parser("backup", help="copy the database to a file")
    backup.add_argument("file", type=Path)
    return parser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-27.") from error


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    url = resolve_database_url(args.database, demo=args.demo)
    if args.command is None:
        import os

        from cme_desktop.config import DATABASE_ENV
        from cme_desktop.ui.app import run_app

        explicit = bool(args.database or os.environ.get(DATABASE_ENV))
        return run_app(url, demo=args.demo, explicit=explicit, quit_after_shown=args.quit_after_shown)
    handler = COMMANDS[args.command]
    try:
        return handler(args, url)
    except CommandError as error:
        print(f"cme-desktop: {error}", file=sys.stderr)
        return 1
    except Exception as error:
        message = _explain(error)
        if message is None:
            raise
        print(f"cme-desktop: {message}", file=sys.stderr)
        return 1


def _explain(error: Exception) -> str | None:
    from cme_desktop.store.db import DatabaseUnavailable
    from cme_desktop.store.migrate import SchemaTooNew

    if isinstance(error, DatabaseUnavailable | SchemaTooNew | ValueError):
        return str(error)
    from sqlalchemy.exc import OperationalError

    if isinstance(error, OperationalError):
        from cme_desktop.store.db import explain_connection_error

        return explain_connection_error(error)
    return None


def open_context(url: str, migrate: bool = True):  # type: ignore[no-untyped-def]
    """A service context on the database at `url`, its schema brought up to date."""
    from cme_desktop.services.context import Context
    from cme_desktop.store.db import Database
    from cme_desktop.store.migrate import ensure_schema

    db = Database.open(url)
    if migrate:
        ensure_schema(db)
    return Context(db)


def cmd_init(args: argparse.Namespace, url: str) -> int:
    ctx = open_context(url)
    print(f"The database is ready: {ctx.db.description}.")
    return 0


def cmd_demo(args: argparse.Namespace, url: str) -> int:
    from cme_desktop.services.demo import fill_demo

    ctx = open_context(url)
    report = fill_demo(ctx)
    print(
        f"Demo data in {ctx.db.description}: {report.people_added} people, {report.sessions_added} sessions "
        f"and {report.claims_added} attendance claims added."
    )
    return 0


def cmd_sessions(args: argparse.Namespace, url: str) -> int:
    from cme_desktop.services.sessions import sessions_on_days

    ctx = open_context(url)
    zone = ctx.office_zone()
    first = args.start or ctx.clock().astimezone(zone).date()
    last = args.end or first + timedelta(days=7)
    if last < first:
        raise CommandError("--to is before --from.")
    rows = sessions_on_days(ctx, first, last)
    _print_json([_session_json(s, zone) for s in rows])
    return 0


def _session_json(s: Any, zone: Any) -> dict[str, Any]:
    from cme_desktop.domain.credits import format_credits

    data = asdict(s)
    for key in ("starts_at", "ends_at", "code_opens_at", "code_closes_at"):
        if data[key] is not None:
            data[key] = data[key].astimezone(zone).isoformat()
    data["credits"] = float(format_credits(s.credit_quarters))
    del data["credit_quarters"]
    return data


def cmd_people(args: argparse.Namespace, url: str) -> int:
    from cme_desktop.services.people import search_people

    ctx = open_context(url)
    _print_json([asdict(p) for p in search_people(ctx, args.search, limit=args.limit)])
    return 0


def cmd_backup(args: argparse.Namespace, url: str) -> int:
    from cme_desktop.services.backup import backup

    ctx = open_context(url, migrate=False)
    target = backup(ctx, args.file)
    print(f"Backed up {ctx.db.description} to {target}.")
    return 0


def _print_json(value: Any) -> None:
    def default(obj: Any) -> Any:
        if isinstance(obj, datetime | date | time):
            return obj.isoformat()
        if isinstance(obj, tuple | set):
            return list(obj)
        raise TypeError(type(obj).__name__)

    json.dump(value, sys.stdout, indent=2, default=default, ensure_ascii=False)
    sys.stdout.write("\n")


COMMANDS: dict[str, Callable[[argparse.Namespace, str], int]] = {
    "init": cmd_init,
    "demo": cmd_demo,
    "sessions": cmd_sessions,
    "people": cmd_people,
    "backup": cmd_backup,
}
