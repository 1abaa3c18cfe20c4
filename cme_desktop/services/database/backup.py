"""Backups: a consistent copy of the SQLite file, or pg_dump of the shared PostgreSQL database."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from cme_desktop.errors import InputError
from cme_desktop.services.context import Context
from cme_desktop.store.migrate import copy_sqlite


def backup(ctx: Context, target: Path) -> Path:
    """Write a backup to `target` (written aside first, so a failure leaves no half-written file)."""
    target = target.expanduser().resolve()
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name for the backup.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        partial = Path(scratch) / target.name
        if ctx.db.is_sqlite:
            source = Path(str(ctx.db.url.database))
            if not source.exists():
                raise InputError(f"There is no database file at {source} to back up.")
            copy_sqlite(source, partial)
        else:
            _pg_dump(ctx, partial)
        os.replace(partial, target)
    return target


def _pg_dump(ctx: Context, partial: Path) -> None:
    program = shutil.which("pg_dump")
    if program is None:
        raise InputError(
            "Backing up a PostgreSQL database needs PostgreSQL's pg_dump program on this computer."
        )
    url = ctx.db.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    command = [program, "--format=custom", f"--file={partial}", "--no-owner"]
    if url.host:
        command.append(f"--host={url.host}")
    if url.port:
        command.append(f"--port={url.port}")
    if url.username:
        command.append(f"--username={url.username}")
    command.append(str(url.database))
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise InputError(f"pg_dump could not back up the database: {result.stderr.strip().splitlines()[-1]}")
