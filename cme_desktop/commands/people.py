"""people [--search TEXT] [--limit N] --json: every matching profile (never the SSN hash); no hidden limit."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import TYPE_CHECKING

from cme_desktop.commands._common import CommandError, Opener, print_json, print_json_list

if TYPE_CHECKING:
    from cme_desktop.services.people.importing import ImportReport


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser("people", help="find people")
    parser.add_argument("--search", default="", metavar="TEXT")
    parser.add_argument(
        "--limit", type=_positive, metavar="N", help="at most N people (default: everyone who matches)"
    )
    parser.add_argument("--json", action="store_true", required=True, help="print JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.services.people.search import every_person, search_people

    ctx = opener.open()
    if args.limit is not None:
        print_json([asdict(p) for p in search_people(ctx, args.search, limit=args.limit)])
    else:
        print_json_list(asdict(p) for p in every_person(ctx, args.search))
    return 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of people (1 or more).")
    return int(text)


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
