"""init, demo and backup: setting up and keeping the database."""

from __future__ import annotations

import argparse
from pathlib import Path

from cme_desktop.commands._common import Opener


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    subcommands.add_parser("init", help="create or upgrade the schema").set_defaults(handler=init)
    subcommands.add_parser(
        "demo", help="fill the database with realistic demo data (safe to repeat)"
    ).set_defaults(handler=demo)
    backup_parser = subcommands.add_parser("backup", help="copy the database to a file")
    backup_parser.add_argument("file", type=Path)
    backup_parser.set_defaults(handler=backup)


def init(args: argparse.Namespace, opener: Opener) -> int:
    ctx = opener.open(create=True)
    print(f"The database is ready: {ctx.db.description}.")
    return 0


def demo(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.services.demo.fill import fill_demo

    ctx = opener.open(create=True)
    report = fill_demo(ctx)
    print(
        f"Demo data in {ctx.db.description}: {report.people_added} people, {report.sessions_added} sessions "
        f"and {report.claims_added} attendance claims added."
    )
    return 0


def backup(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.services.database.backup import backup as make_backup

    ctx = opener.open(migrate=False)
    target = make_backup(ctx, args.file)
    print(f"Backed up {ctx.db.description} to {target}.")
    return 0
