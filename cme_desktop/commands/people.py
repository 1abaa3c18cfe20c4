"""people --search TEXT --json: matching profiles (never the SSN hash)."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from cme_desktop.commands._common import open_context, print_json


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser("people", help="find people")
    parser.add_argument("--search", default="", metavar="TEXT")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--json", action="store_true", required=True, help="print JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, url: str) -> int:
    from cme_desktop.services.people import search_people

    ctx = open_context(url)
    print_json([asdict(p) for p in search_people(ctx, args.search, limit=args.limit)])
    return 0
