"""export: write a report as a file: attendance, MOC or state board completions (CSV), PARS data for a year."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cme_desktop.commands._common import CommandError, Opener, parse_date


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "export",
        help="write a report: attendance, moc or state (CSV), pars (ACCME activity data, tab-delimited)",
        description=(
            "attendance: every claim for sessions held from --from to --to (office days), optionally one "
            "--activity; moc: learners' AMA credit for their boards over --from to --to, optionally one --board; "
            "state: learners' credit for state licensing boards over --from to --to, optionally one --state; "
            "pars: one row per activity held in --year, as ACCME's PARS batch upload takes it."
        ),
    )
    parser.add_argument("report", choices=("attendance", "moc", "state", "pars"))
    parser.add_argument("--from", dest="start", type=parse_date, metavar="DATE", help="first day (not pars)")
    parser.add_argument("--to", dest="end", type=parse_date, metavar="DATE", help="last day (not pars)")
    parser.add_argument("--activity", type=int, metavar="ID", help="attendance: one activity only")
    parser.add_argument("--include-revoked", action="store_true", help="attendance: list revoked claims too")
    parser.add_argument("--board", metavar="NAME", help="moc: one board only, e.g. ABIM")
    parser.add_argument("--state", metavar="XX", help="state: one state's licenses only, e.g. SC")
    parser.add_argument("--year", type=int, metavar="YYYY", help="pars: the year (default: last year)")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.services.office.settings import office_zone
    from cme_desktop.services.reporting.attendance import attendance_report
    from cme_desktop.services.reporting.boards import moc_report, state_board_report
    from cme_desktop.services.reporting.pars import pars_report
    from cme_desktop.services.reporting.report import write_report

    if not args.out.parent.is_dir():
        raise CommandError(f"The folder {args.out.parent} does not exist.")
    if args.report in ("attendance", "moc", "state"):
        if args.year is not None:
            raise CommandError(f"--year is for pars; give {args.report} a period with --from and --to.")
        if args.start is None or args.end is None:
            raise CommandError(
                "Give the period with --from and --to, e.g. --from 2026-11-01 --to 2026-11-30."
            )
        ctx = opener.open()
        try:
            if args.report == "attendance":
                report = attendance_report(ctx, args.start, args.end, args.activity, args.include_revoked)
            elif args.report == "moc":
                report = moc_report(ctx, args.start, args.end, args.board)
            else:
                report = state_board_report(ctx, args.start, args.end, args.state)
        except ValueError as error:
            raise CommandError(str(error)) from error
    else:
        if args.start is not None or args.end is not None or args.activity is not None:
            raise CommandError("pars reports a whole year: give --year, not --from, --to or --activity.")
        ctx = opener.open()
        year = args.year if args.year is not None else ctx.clock().astimezone(office_zone(ctx)).year - 1
        report = pars_report(ctx, year)
    write_report(report, args.out)
    for note in report.notes:
        print(f"cme-desktop: {note}", file=sys.stderr)
    rows = len(report.rows)
    print(f"Wrote {report.title} to {args.out} ({rows} row{'s' if rows != 1 else ''}).")
    return 0
