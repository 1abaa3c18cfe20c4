"""`import sessions --activity ID FILE.csv`: a series' sessions from CSV, every row or none, with a row-by-row report.

Offered to the `import` command through IMPORT_KINDS; this module adds no command of its own.
"""

from __future__ import annotations

import argparse

from cme_desktop.commands._common import CommandError, Opener, print_import_report


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Nothing to register: `import` (commands/imports.py) finds IMPORT_KINDS below."""


def import_sessions_command(args: argparse.Namespace, opener: Opener) -> int:
    """Check every row first; write nothing when any row is wrong (the report, then the reason on stderr)."""
    from pathlib import Path

    from cme_desktop.services.activities.session_import import commit_import, parse_preview
    from cme_desktop.services.importing.report import ImportRefused

    if getattr(args, "activity", None) is None:
        raise CommandError("Say which activity the sessions join: import sessions --activity ID FILE.csv.")
    ctx = opener.open()
    path = Path(args.file)
    try:
        report = (parse_preview if args.dry_run else commit_import)(ctx, args.activity, path)
    except ImportRefused as refused:
        print_import_report(refused.report)
        raise CommandError(str(refused)) from refused
    print_import_report(report)
    if not report.ok:  # a dry run of a file with problems
        raise CommandError(report.summary())
    if not report.committed:
        print(f"Nothing was saved (a dry run): {report.summary()}")
        return 0
    print(f"{report.summary()} Each session has its own attendance code.")
    return 0


IMPORT_KINDS = {"sessions": import_sessions_command}
