"""people --search TEXT --json: matching profiles (never the SSN hash)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import TYPE_CHECKING

from cme_desktop.commands._common import CommandError, Opener, print_json

if TYPE_CHECKING:
    from cme_desktop.services.people.importing import ImportReport


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser("people", help="find people")
    parser.add_argument("--search", default="", metavar="TEXT")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--json", action="store_true", required=True, help="print JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.services.people.search import search_people

    ctx = opener.open()
    print_json([asdict(p) for p in search_people(ctx, args.search, limit=args.limit)])
    return 0


def import_people_command(args: argparse.Namespace, opener: Opener) -> int:
    """`import people FILE.csv [--dry-run]`: a row-by-row report; every row or none."""
    from pathlib import Path

    from cme_desktop.services.people.importing import ImportRefused, import_people, preview_people_import

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"There is no file {path}.")
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    ctx = opener.open()
    try:
        report = (preview_people_import if args.dry_run else import_people)(ctx, text)
    except ImportRefused as refused:
        _print_report(refused.report)
        raise CommandError(str(refused)) from refused
    _print_report(report)
    verb = "Imported" if report.committed else "Would import"
    print(
        f"{verb}: {report.count('create')} new, {report.count('update')} updated, {report.count('unchanged')} unchanged."
    )
    return 0


def _print_report(report: ImportReport) -> None:
    for row in report.rows:
        print(f"row {row.line}: {row.name}: {row.action}{': ' + row.message if row.message else ''}")


IMPORT_KINDS = {"people": import_people_command}
