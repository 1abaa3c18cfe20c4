"""Command-line subcommands, one module per capability.

Each module defines `register(subcommands)` that adds its parsers with `set_defaults(handler=...)`; a handler
takes (args, opener), opens its database with `opener.open()` (on the clock `cli.run` was given) and returns
the exit code. Modules are found here automatically, so a capability adds its commands without editing a
shared file. Heavy imports belong inside handlers: `--help` must stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil


def register_all(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        importlib.import_module(f"{__name__}.{module.name}").register(subcommands)
