"""export: write a report as the file its receiving system takes (README, "Reports: which file goes where").

attendance: the office's CSV; pars: ACCME's PARS activity XML for a year; learners: MOC completions for the
certifying boards and state: CME completions for the state licensing boards, both in ACCME's tab-delimited
learner upload layout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cme_desktop.commands._common import CommandError, Opener, parse_date

PERIOD_REPORTS = ("attendance", "learners", "state")


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "export",
        help="write a report: attendance (CSV), pars (ACCME activity XML), learners or state (PARS learner upload)",
        description=(
            "attendance: every claim for sessions held from --from to --to (office days), optionally one "
            "--activity, as a CSV for the office; pars: every activity running in --year as ACCME's PARS XML "
            "batch upload; learners: MOC completions from --from to --to for the boards each activity is "
            "registered with, optionally one --board, in PARS's learner upload layout; state: CME completions "
            "for the state licensing boards over --from to --to, optionally one --state, in the same layout."
        ),
    )
    # "moc" is the old name of learners: a script that still says it gets a sentence, not a usage error.
    parser.add_argument("report", choices=("attendance", "pars", "learners", "state", "moc"))
    parser.add_argument("--from", dest="start", type=parse_date, metavar="DATE", help="first day (not pars)")
    parser.add_argument("--to", dest="end", type=parse_date, metavar="DATE", help="last day (not pars)")
    parser.add_argument("--activity", type=int, metavar="ID", help="attendance: one activity only")
    parser.add_argument("--include-revoked", action="store_true", help="attendance: list revoked claims too")
    parser.add_argument("--board", metavar="NAME", help="learners: one board only, e.g. ABIM")
    parser.add_argument("--state", metavar="XX", help="state: one state's licenses only, e.g. SC")
    parser.add_argument("--year", type=int, metavar="YYYY", help="pars: the year (default: last year)")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.services.office.settings import office_zone
    from cme_desktop.services.reporting.attendance import attendance_report
    from cme_desktop.services.reporting.learners import learner_report, state_board_report
    from cme_desktop.services.reporting.pars import FIRST_YEAR, pars_report
    from cme_desktop.services.reporting.report import write_report

    if args.report == "moc":
        raise CommandError(
            "export moc is now export learners: MOC completions in ACCME's learner upload layout, for the boards "
            "each activity is registered with."
        )
    if not args.out.parent.is_dir():
        raise CommandError(f"The folder {args.out.parent} does not exist.")
    if args.report in PERIOD_REPORTS:
        if args.year is not None:
            raise CommandError(f"--year is for pars; give {args.report} a period with --from and --to.")
        if args.start is None or args.end is None:
            raise CommandError(
                "Give the period with --from and --to, e.g. --from 2026-11-01 --to 2026-11-30."
            )
        if args.board is not None and args.report != "learners":
            raise CommandError("--board is for learners (MOC completions); state boards take --state.")
        ctx = opener.open()
        try:
            if args.report == "attendance":
                report = attendance_report(ctx, args.start, args.end, args.activity, args.include_revoked)
            elif args.report == "learners":
                report = learner_report(ctx, args.start, args.end, args.board)
            else:
                report = state_board_report(ctx, args.start, args.end, args.state)
        except ValueError as error:
            raise CommandError(str(error)) from error
    else:
        if args.start is not None or args.end is not None or args.activity is not None:
            raise CommandError("pars reports a whole year: give --year, not --from, --to or --activity.")
        ctx = opener.open()
        year = args.year if args.year is not None else ctx.clock().astimezone(office_zone(ctx)).year - 1
        if not FIRST_YEAR <= year <= 9999:
            raise CommandError(f"{year} is not a year PARS takes; give --year like 2026.")
        report = pars_report(ctx, year)
    try:
        write_report(report, args.out)
    except ValueError as error:
        raise CommandError(str(error)) from error
    for note in report.notes:
        print(f"cme-desktop: {note}", file=sys.stderr)
    rows = len(report.rows)
    noun = (
        "activit" + ("ies" if rows != 1 else "y")
        if args.report == "pars"
        else "row" + ("s" if rows != 1 else "")
    )
    print(f"Wrote {report.title} to {args.out} ({rows} {noun}).")
    return 0
