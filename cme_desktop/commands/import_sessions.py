"""`import sessions --activity ID FILE.csv`: a series' sessions from CSV, every row or none, with a row-by-row report.

Offered to the `import` command through IMPORT_KINDS; this module adds no command of its own.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from cme_desktop.commands._common import CommandError, Opener

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from cme_desktop.services.activities.session_import import ImportPreview


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Nothing to register: `import` (commands/imports.py) finds IMPORT_KINDS below."""


def import_sessions_command(args: argparse.Namespace, opener: Opener) -> int:
    """Check every row first; write nothing when any row is wrong (the report then goes to stderr, exit 1)."""
    from pathlib import Path

    from cme_desktop.services.activities.session_import import (
        SessionImportError,
        commit_import,
        parse_preview,
    )
    from cme_desktop.services.office.settings import office_zone

    if getattr(args, "activity", None) is None:
        raise CommandError("Say which activity the sessions join: import sessions --activity ID FILE.csv.")
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"There is no file {path}.")
    ctx = opener.open()
    zone = office_zone(ctx)
    preview = parse_preview(ctx, args.activity, path)
    if not preview.ok:
        _print_report(preview, zone, sys.stderr)
        raise CommandError(f"Nothing was imported: {_count_bad(preview)}.")
    if args.dry_run:
        _print_report(preview, zone, sys.stdout)
        count = len(preview.sessions)
        print(f"Would import {count} session{'s' if count != 1 else ''}.")
        return 0
    try:
        created = commit_import(ctx, args.activity, path)
    except SessionImportError as refused:  # the sessions changed between the preview and the import
        _print_report(refused.preview, zone, sys.stderr)
        raise CommandError(str(refused)) from refused
    for summary in created:
        print(f"{_when(summary.starts_at, summary.ends_at, zone)}  code {summary.attendance_code}")
    print(f"Imported {len(created)} sessions from {path.name}, each with its own attendance code.")
    return 0


def _count_bad(preview: ImportPreview) -> str:
    rows = {p.row for p in preview.problems if p.row is not None}
    if not rows:
        return "the file has a problem"
    return f"{len(rows)} row{'s have' if len(rows) != 1 else ' has'} problems"


def _when(starts_at: datetime, ends_at: datetime, zone: ZoneInfo) -> str:
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    return f"{start:%a %Y-%m-%d %H:%M}-{end:%H:%M}"


def _print_report(preview: ImportPreview, zone: ZoneInfo, out: TextIO) -> None:
    """One line per row: what it becomes, or what is wrong with it; then the file's own problems."""
    for row in preview.rows:
        if row.problems:
            print(f"row {row.row}: " + " ".join(row.problems), file=out)
        elif row.session is not None:
            s = row.session
            topic = f"  {s.topic}" if s.topic else ""
            print(f"row {row.row}: ok  {_when(s.starts_at, s.ends_at, zone)}{topic}", file=out)
    for problem in preview.problems:
        if problem.row is None or not preview.rows:
            print(str(problem), file=out)


IMPORT_KINDS = {"sessions": import_sessions_command}
