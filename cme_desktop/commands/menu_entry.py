"""menu-entry: put CME Desk in the Linux desktop's applications menu, with its icon (a freedesktop.org entry).

The entry starts the `cme-desktop` this command was run from, so an office that installed the app in a virtual
environment gets a menu item that opens that install. `--remove` takes the entry and icon away again.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from pathlib import Path

from cme_desktop import APP_ID, APP_NAME
from cme_desktop.commands._common import Opener

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "menu-entry", help="add CME Desk to the applications menu of a Linux desktop, with its icon"
    )
    parser.add_argument("--remove", action="store_true", help="take the menu entry and icon away again")
    parser.set_defaults(handler=menu_entry)


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def entry_path() -> Path:
    return data_home() / "applications" / f"{APP_ID}.desktop"


def icon_path() -> Path:
    return data_home() / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"


def command_line() -> str:
    """How the menu starts this install: its own `cme-desktop` script, else this Python running the package."""
    script = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if script is not None and script.name == APP_ID and script.exists():
        return shlex.quote(str(script))
    found = shutil.which(APP_ID)
    if found:
        return shlex.quote(found)
    return f"{shlex.quote(sys.executable)} -m cme_desktop"


def entry_text() -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "GenericName=Continuing education office\n"
        "Comment=Activities, attendance, disclosures and certificates for a CME office\n"
        f"Exec={command_line()}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "Categories=Office;Education;\n"
        f"StartupWMClass={APP_ID}\n"
    )


def menu_entry(args: argparse.Namespace, opener: Opener) -> int:
    entry, icon = entry_path(), icon_path()
    if args.remove:
        for path in (entry, icon):
            path.unlink(missing_ok=True)
        print(f"{APP_NAME} is no longer in the applications menu.")
        return 0
    entry.parent.mkdir(parents=True, exist_ok=True)
    icon.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(RESOURCES / f"{APP_ID}.svg", icon)
    entry.write_text(entry_text(), encoding="utf-8")
    print(f"{APP_NAME} is in the applications menu ({entry}).")
    return 0
