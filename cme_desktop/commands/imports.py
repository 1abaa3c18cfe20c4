"""import KIND FILE.csv: one `import` command whose KIND is served by the capability that owns it.

A command module offers a kind by defining `IMPORT_KINDS = {"attendance": handler}` (handler takes (args, opener)
like any command), so a capability adds `import people` or `import sessions` without editing this file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil

import cme_desktop.commands as package
from cme_desktop.commands._common import Handler


def import_kinds() -> dict[str, Handler]:
    kinds: dict[str, Handler] = {}
    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if module.name.startswith("_") or module.name == __name__.rsplit(".", 1)[-1]:
            continue
        offered: dict[str, Handler] = getattr(
            importlib.import_module(f"{package.__name__}.{module.name}"), "IMPORT_KINDS", {}
        )
        kinds.update(offered)
    return kinds


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kinds = import_kinds()
    parser = subcommands.add_parser("import", help=f"import a CSV file ({', '.join(sorted(kinds))})")
    parser.add_argument("kind", choices=sorted(kinds), metavar="KIND", help=" | ".join(sorted(kinds)))
    parser.add_argument("file", metavar="FILE.csv")
    parser.add_argument(
        "--activity", type=int, metavar="ID", help="the activity the sessions join (sessions)"
    )
    parser.add_argument("--reason", help="why claims outside the code window are imported (attendance)")
    parser.add_argument("--dry-run", action="store_true", help="show what would be imported; save nothing")
    parser.set_defaults(handler=lambda args, opener: kinds[args.kind](args, opener))
