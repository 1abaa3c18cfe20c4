"""disclosure-handout: the printable disclosure to learners for an activity (ACCME Standard 3)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cme_desktop.commands._common import CommandError, Opener


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser("disclosure-handout", help="print the disclosure to learners as a PDF")
    parser.add_argument("--activity", type=int, required=True, help="the activity's id")
    parser.add_argument("--out", type=Path, required=True, help="the PDF to write")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.services.standard3.handout import save_learner_handout

    if not args.out.parent.exists():
        raise CommandError(f"The folder {args.out.parent} does not exist.")
    ctx = opener.open()
    try:
        disclosure = save_learner_handout(ctx, args.activity, args.out)
    except ValueError as error:
        raise CommandError(str(error)) from error
    if not disclosure.ready:
        print(
            "Warning: the Standard 3 review is not complete; the handout is marked as a draft.",
            file=sys.stderr,
        )
        for problem in disclosure.problems:
            print(f"  {problem}", file=sys.stderr)
    print(args.out)
    return 0
