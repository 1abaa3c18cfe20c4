"""slide and signin-sheet: the attendance slide as a PNG (the projector's own rendering) and the sign-in sheet."""

from __future__ import annotations

import argparse
from pathlib import Path

from cme_desktop.commands._common import CommandError, Opener


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    slide = subcommands.add_parser("slide", help="save a session's attendance slide as a PNG")
    slide.add_argument("--session", type=int, required=True, metavar="ID")
    slide.add_argument("--size", default="1920x1080", metavar="WxH", help="picture size, default 1920x1080")
    slide.add_argument("--theme", choices=("light", "dark"), default="light")
    slide.add_argument("--out", type=Path, required=True, metavar="FILE.png")
    slide.set_defaults(handler=save_slide)
    sheet = subcommands.add_parser("signin-sheet", help="print a session's one-page sign-in sheet (PDF)")
    sheet.add_argument("--session", type=int, required=True, metavar="ID")
    sheet.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    sheet.set_defaults(handler=save_sheet)


def _check_folder(out: Path) -> None:
    if not out.parent.is_dir():
        raise CommandError(f"The folder {out.parent} does not exist.")


def save_slide(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.services.present.slides import slide_content
    from cme_desktop.ui.present.render import parse_size, save_attendance_png

    parse_size(args.size)  # a wrong size is refused before the database is opened
    _check_folder(args.out)
    content = slide_content(opener.open(), args.session)
    if content.code is None:
        raise CommandError(f"Session {args.session} has no attendance code yet.")
    saved = save_attendance_png(content, args.size, args.out, args.theme)
    print(f"Saved the attendance slide for session {args.session} ({args.size}) to {saved}.")
    return 0


def save_sheet(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.services.present.slides import write_signin_sheet

    _check_folder(args.out)
    saved = write_signin_sheet(opener.open(), args.session, args.out)
    print(f"Saved the sign-in sheet for session {args.session} to {saved}.")
    return 0
