"""people [--search TEXT] [--limit N] --json: every matching profile (never the SSN hash); no hidden limit."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from cme_desktop.commands._common import (
    CommandError,
    Opener,
    print_import_report,
    print_json,
    print_json_list,
)


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

    from cme_desktop.services.importing.report import ImportRefused
    from cme_desktop.services.people.importing import import_people, preview_people_import

    ctx = opener.open()
    try:
        report = (preview_people_import if args.dry_run else import_people)(ctx, Path(args.file))
    except ImportRefused as refused:
        print_import_report(refused.report)
        raise CommandError(str(refused)) from refused
    print_import_report(report)
    if not report.ok:  # a dry run of a file with problems
        raise CommandError(report.summary())
    print(report.summary() if report.committed else f"Nothing was saved (a dry run): {report.summary()}")
    return 0


IMPORT_KINDS = {"people": import_people_command}
